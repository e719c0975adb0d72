using System.Globalization;
using System.Text.Json;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Workflows.Incidents;

/// <summary>A report as typed in (form or JSON), every value still text, before validation.</summary>
public sealed record IncidentDraft(
    string? AgencyId,
    string? OccurredAt,
    string? Description,
    string? HowIdentified,
    string? Technology,
    IReadOnlyList<PersonDraft> PeopleInvolved,
    ConcernsDraft? Concerns);

public sealed record PersonDraft(string? Role, string? Name, string? DateOfBirth, bool IsVictim, bool IsInstigator);

/// <summary>The flowchart's answers as given; a yes/no question left <c>null</c> is "Not sure".</summary>
public sealed record ConcernsDraft(
    bool? IllegalSuspected,
    IReadOnlyList<string> IllegalKinds,
    string? PublicWebUrl,
    bool? StaffInvolved,
    IReadOnlyList<string> LadoThreshold,
    bool? ChildAtRiskOfSignificantHarm,
    bool? Urgent);

/// <summary>
/// The rules a report must meet, as a pure function from a draft to a report or field errors. Text is kept
/// verbatim (pages encode it on output); only control characters other than line breaks and tabs are refused.
/// </summary>
public static class IncidentValidation
{
    public const int DescriptionMaxLength = 20000;
    public const int NameMaxLength = 200;
    public const int TechnologyMaxLength = 500;
    public const int UrlMaxLength = 2048;
    public const int MaxPeople = 50;

    public static IncidentReport? Validate(IncidentDraft draft, DateTimeOffset now, bool concernsRequired, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(errors);

        if (string.IsNullOrWhiteSpace(draft.AgencyId))
        {
            errors.Add("agencyId", "Choose the agency the incident happened in");
        }

        DateTimeOffset occurredAt = ValidateOccurredAt(draft.OccurredAt, now, errors) ?? default;
        string description = ValidateDescription(draft.Description, errors) ?? string.Empty;
        HowIdentified? howIdentified = ValidateHowIdentified(draft.HowIdentified, errors);
        string? technology = ValidateTechnology(draft.Technology, errors);
        List<PersonInvolved> people = ValidatePeople(draft.PeopleInvolved, now, errors);
        Concerns? concerns = draft.Concerns is null ? null : ValidateConcerns(draft.Concerns, errors, notSureAllowed: true);
        if (concerns is null && concernsRequired)
        {
            errors.Add("concerns", "Answer the questions about the incident");
        }

        return errors.Any || howIdentified is not { } how
            ? null
            : new IncidentReport(occurredAt, description, how, technology, people, concerns);
    }

    public static DateTimeOffset? ValidateOccurredAt(string? text, DateTimeOffset now, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add("occurredAt", "Enter when the incident happened");
        }
        else if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset occurredAt))
        {
            errors.Add("occurredAt", "Enter when the incident happened as a real date and time, for example 2026-11-20T14:05:00Z");
        }
        else if (occurredAt > now.AddMinutes(5))
        {
            errors.Add("occurredAt", "The date the incident happened must be today or in the past");
        }
        else if (occurredAt.Year < 1990)
        {
            errors.Add("occurredAt", "The date the incident happened must be after 1990");
        }
        else
        {
            return occurredAt;
        }

        return null;
    }

    public static string? ValidateDescription(string? text, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add("description", "Enter what happened");
            return null;
        }

        CheckText("description", text, DescriptionMaxLength, "What happened", errors);
        return errors.Has("description") ? null : text;
    }

    public static HowIdentified? ValidateHowIdentified(string? text, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add("howIdentified", "Select how the incident came to light");
        }
        else if (!WireNames.TryParse(text, out HowIdentified how))
        {
            errors.Add("howIdentified", "Select how the incident came to light from the list: " + string.Join(", ", WireNames.All<HowIdentified>()));
        }
        else
        {
            return how;
        }

        return null;
    }

    /// <summary>The device, app or service; blank is none.</summary>
    public static string? ValidateTechnology(string? text, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        string? technology = string.IsNullOrWhiteSpace(text) ? null : text;
        if (technology is not null)
        {
            CheckText("technology", technology, TechnologyMaxLength, "The device, app or service", errors);
        }

        return technology;
    }

    public static List<PersonInvolved> ValidatePeople(IReadOnlyList<PersonDraft> drafts, DateTimeOffset now, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        ArgumentNullException.ThrowIfNull(errors);
        List<PersonInvolved> people = [];
        if (drafts.Count > MaxPeople)
        {
            errors.Add("peopleInvolved", string.Create(CultureInfo.InvariantCulture, $"List at most {MaxPeople} people; describe any others in what happened"));
            return people;
        }

        for (int i = 0; i < drafts.Count; i++)
        {
            PersonDraft draft = drafts[i];
            string at = string.Create(CultureInfo.InvariantCulture, $"peopleInvolved[{i}]");
            if (!WireNames.TryParse(draft.Role, out InvolvedRole role))
            {
                errors.Add(at + ".role", "Select whether the person is a child, staff member, volunteer, parent or carer, or someone else");
            }

            string name = draft.Name ?? string.Empty;
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add(at + ".name", "Enter the person's name, or how they are known");
            }
            else
            {
                CheckText(at + ".name", name, NameMaxLength, "The name", errors);
            }

            DateOnly? dateOfBirth = null;
            if (!string.IsNullOrWhiteSpace(draft.DateOfBirth))
            {
                if (!DateOnly.TryParseExact(draft.DateOfBirth, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly dob))
                {
                    errors.Add(at + ".dateOfBirth", "Enter the date of birth as a real date, for example 2014-03-27");
                }
                else if (dob > DateOnly.FromDateTime(now.UtcDateTime) || dob.Year < 1900)
                {
                    errors.Add(at + ".dateOfBirth", "The date of birth must be in the past");
                }
                else
                {
                    dateOfBirth = dob;
                }
            }

            people.Add(new PersonInvolved(role, name, dateOfBirth, draft.IsVictim, draft.IsInstigator));
        }

        return people;
    }

    /// <param name="notSureAllowed">
    /// A reporter may answer "Not sure" (the officer then triages); the officer's own answers (triage, a correction)
    /// decide the response, so each must be yes or no.
    /// </param>
    public static Concerns ValidateConcerns(ConcernsDraft draft, FieldErrors errors, bool notSureAllowed = false)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(errors);
        if (!notSureAllowed)
        {
            foreach ((bool? answer, string field, string message) in new[]
            {
                (draft.IllegalSuspected, "concerns.illegalSuspected", "Select yes or no: do you think this may be illegal"),
                (draft.StaffInvolved, "concerns.staffInvolved", "Select yes or no: does it involve a member of staff or a volunteer"),
                (draft.ChildAtRiskOfSignificantHarm, "concerns.childAtRiskOfSignificantHarm", "Select yes or no: is a child at risk of significant harm"),
                (draft.Urgent, "concerns.urgent", "Select yes or no: does something need to happen today"),
            })
            {
                if (answer is null)
                {
                    errors.Add(field, message);
                }
            }
        }

        List<IllegalKind> kinds = ParseAll<IllegalKind>(draft.IllegalKinds, "concerns.illegalKinds", "Select the kinds of illegal material or activity from the list", errors);
        List<LadoThreshold> thresholds = ParseAll<LadoThreshold>(draft.LadoThreshold, "concerns.ladoThreshold", "Select what the member of staff or volunteer may have done from the list", errors);
        if (draft.IllegalSuspected == true && kinds.Count == 0 && draft.IllegalKinds.Count == 0)
        {
            errors.Add("concerns.illegalKinds", "Select what kind of illegal material or activity you suspect");
        }

        if (draft.IllegalSuspected == false && draft.IllegalKinds.Count > 0)
        {
            errors.Add("concerns.illegalKinds", "Only select kinds of illegal material if you think something illegal happened or are not sure");
        }

        if (draft.StaffInvolved == false && draft.LadoThreshold.Count > 0)
        {
            errors.Add("concerns.ladoThreshold", "Only answer what the member of staff may have done if a member of staff or volunteer is involved");
        }

        string? url = string.IsNullOrWhiteSpace(draft.PublicWebUrl) ? null : draft.PublicWebUrl.Trim();
        if (url is not null
            && (url.Length > UrlMaxLength || !Uri.TryCreate(url, UriKind.Absolute, out Uri? parsed) || parsed.Scheme is not ("http" or "https")))
        {
            errors.Add("concerns.publicWebUrl", "Enter the web address in full, starting with http:// or https://");
        }

        return new Concerns(draft.IllegalSuspected, kinds, url, draft.StaffInvolved, thresholds, draft.ChildAtRiskOfSignificantHarm, draft.Urgent);
    }

    static List<TEnum> ParseAll<TEnum>(IReadOnlyList<string> values, string field, string message, FieldErrors errors)
        where TEnum : struct, Enum
    {
        List<TEnum> parsed = [];
        foreach (string value in values)
        {
            if (WireNames.TryParse(value, out TEnum item))
            {
                if (!parsed.Contains(item))
                {
                    parsed.Add(item);
                }
            }
            else
            {
                errors.Add(field, message + ": " + string.Join(", ", WireNames.All<TEnum>()));
                break;
            }
        }

        return parsed;
    }

    static void CheckText(string field, string value, int maxLength, string label, FieldErrors errors)
    {
        if (value.Length > maxLength)
        {
            errors.Add(field, string.Create(CultureInfo.InvariantCulture, $"{label} must be {maxLength} characters or fewer"));
        }
        else if (value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            errors.Add(field, label + " contains characters that are not allowed");
        }
    }
}
