using System.Globalization;
using System.Security.Cryptography;
using EsafetyServerless.Http.Pages.Govuk;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Response;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace EsafetyServerless.Http.Incidents;

/// <summary>
/// The report form and the triage form as drafts: what only a form can get wrong (date parts, an unanswered yes/no)
/// is a field error here; everything else is the use case's rules. Times typed on forms are UK local time.
/// </summary>
public static class IncidentForms
{
    public const int PeopleSlots = 3;

    static readonly string[] PersonInputs = ["-name", "-role", "-dob", "-part"];

    /// <summary>Maps the rules' field names to the ids of the form's inputs, for the error summary links.</summary>
    public static string FieldId(string field) => field switch
    {
        "occurredAt" or "changes" => "occurred-day",
        "howIdentified" => "how-identified",
        "concerns" or "concerns.illegalSuspected" => "illegal-suspected",
        "concerns.illegalKinds" => "illegal-kinds",
        "concerns.publicWebUrl" => "public-web-url",
        "concerns.staffInvolved" => "staff-involved",
        "concerns.ladoThreshold" => "lado-threshold",
        "concerns.childAtRiskOfSignificantHarm" => "child-at-risk",
        "concerns.urgent" => "urgent",
        _ when field.StartsWith("peopleInvolved[", StringComparison.Ordinal) =>
            "person-" + field[15..field.IndexOf(']', StringComparison.Ordinal)] + "-" + field[(field.IndexOf('.', StringComparison.Ordinal) + 1)..] switch
            {
                "dateOfBirth" => "dob",
                var other => other,
            },
        _ => field,
    };

    /// <summary>A token the form carries, so a double-click or a resubmitted page creates one incident (it is the idempotency key).</summary>
    public static string NewSubmissionToken() => "form-" + RandomNumberGenerator.GetHexString(32, lowercase: true);

    /// <summary>The posted token, or a new one when it is missing or not one of ours.</summary>
    public static string SubmissionToken(IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(form);
        string token = form["submissionToken"].ToString();
        return token.Length is < 10 or > 100 || !token.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? NewSubmissionToken() : token;
    }

    /// <summary>Reads the posted report form into a draft for the actor's agency.</summary>
    public static IncidentDraft ToDraft(IFormCollection form, string agencyId, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(errors);
        return new IncidentDraft(agencyId, OccurredAt(form, errors), form["description"].ToString(), form["howIdentified"].ToString() is { Length: > 0 } h ? h : null,
            form["technology"].ToString(), ReadPeople(form, PeopleSlots), ReadConcerns(form, errors));
    }

    /// <summary>The people slots that were filled in (an empty slot is skipped).</summary>
    static List<PersonDraft> ReadPeople(IFormCollection form, int slots)
    {
        List<PersonDraft> people = [];
        for (int i = 0; i < slots; i++)
        {
            string p = "person-" + i.ToString(CultureInfo.InvariantCulture);
            string name = form[p + "-name"].ToString(), role = form[p + "-role"].ToString(), dob = form[p + "-dob"].ToString().Trim();
            HashSet<string> part = form[p + "-part"].Where(v => v is not null).Select(v => v!).ToHashSet(StringComparer.Ordinal);
            if (name.Length + role.Length + dob.Length + part.Count == 0)
            {
                continue;
            }

            string? isoDob = null;
            if (dob.Length > 0)
            {
                isoDob = DateOnly.TryParseExact(dob, ["d/M/yyyy", "d M yyyy", "d-M-yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly parsed)
                    ? parsed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                    : dob;
            }

            people.Add(new PersonDraft(role.Length == 0 ? null : role, name, isoDob, part.Contains("victim"), part.Contains("instigator")));
        }

        return people;
    }

    /// <summary>Slots on the correction form: every person named, and one more to add someone.</summary>
    public static int PeopleSlotsFor(IncidentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Math.Min(report.PeopleInvolved.Count + 1, IncidentValidation.MaxPeople);
    }

    /// <summary>The correction form filled from the report as it stands (times in UK local time), as if it had been posted.</summary>
    public static FormCollection Filled(IncidentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        DateTimeOffset local = UkTime.ToLocal(report.OccurredAt);
        Dictionary<string, StringValues> values = new(StringComparer.Ordinal)
        {
            ["occurred-day"] = local.Day.ToString(CultureInfo.InvariantCulture),
            ["occurred-month"] = local.Month.ToString(CultureInfo.InvariantCulture),
            ["occurred-year"] = local.Year.ToString(CultureInfo.InvariantCulture),
            ["occurred-time"] = local.ToString("HH:mm", CultureInfo.InvariantCulture),
            ["description"] = report.Description,
            ["howIdentified"] = WireNames.Of(report.HowIdentified),
            ["technology"] = report.Technology ?? string.Empty,
        };
        for (int i = 0; i < report.PeopleInvolved.Count; i++)
        {
            PersonInvolved person = report.PeopleInvolved[i];
            string p = "person-" + i.ToString(CultureInfo.InvariantCulture);
            values[p + "-name"] = person.Name;
            values[p + "-role"] = WireNames.Of(person.Role);
            values[p + "-dob"] = person.DateOfBirth is { } dob ? dob.ToString("d/M/yyyy", CultureInfo.InvariantCulture) : string.Empty;
            values[p + "-part"] = new StringValues([.. person.IsVictim ? ["victim"] : Array.Empty<string>(), .. person.IsInstigator ? ["instigator"] : Array.Empty<string>()]);
        }

        if (report.Concerns is { } c)
        {
            static string YesNo(bool? answer) => answer switch { true => "yes", false => "no", null => NotSure };
            values["illegalSuspected"] = YesNo(c.IllegalSuspected);
            values["illegalKinds"] = new StringValues([.. c.IllegalKinds.Select(k => WireNames.Of(k))]);
            values["publicWebUrl"] = c.PublicWebUrl ?? string.Empty;
            values["staffInvolved"] = YesNo(c.StaffInvolved);
            values["ladoThreshold"] = new StringValues([.. c.LadoThreshold.Select(t => WireNames.Of(t))]);
            values["childAtRisk"] = YesNo(c.ChildAtRiskOfSignificantHarm);
            values["urgent"] = YesNo(c.Urgent);
        }

        return new FormCollection(values);
    }

    /// <summary>
    /// The correction form as changes: a field is corrected only when one of its inputs differs from what the form was
    /// filled with (so a time shown to the minute does not "correct" a time stored to the second).
    /// </summary>
    public static IncidentChangesDraft ToChanges(IFormCollection posted, IncidentReport report, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(posted);
        ArgumentNullException.ThrowIfNull(report);
        FormCollection filled = Filled(report);
        int slots = PeopleSlotsFor(report);
        bool Changed(params string[] names) =>
            names.Any(n => !posted[n].Select(v => (v ?? string.Empty).Trim()).Where(v => v.Length > 0).Order(StringComparer.Ordinal)
                .SequenceEqual(filled[n].Select(v => (v ?? string.Empty).Trim()).Where(v => v.Length > 0).Order(StringComparer.Ordinal)));
        string[] personInputs = [.. Enumerable.Range(0, slots).SelectMany(i => PersonInputs.Select(s => "person-" + i.ToString(CultureInfo.InvariantCulture) + s))];
        HashSet<string> given = new(StringComparer.Ordinal);
        if (Changed("occurred-day", "occurred-month", "occurred-year", "occurred-time"))
        {
            given.Add(ReportFields.OccurredAt);
        }

        foreach ((string field, string input) in new[] { (ReportFields.Description, "description"), (ReportFields.HowIdentified, "howIdentified"), (ReportFields.Technology, "technology") })
        {
            if (Changed(input))
            {
                given.Add(field);
            }
        }

        if (Changed(personInputs))
        {
            given.Add(ReportFields.PeopleInvolved);
        }

        bool concernsChanged = report.Concerns is not null && Changed("illegalSuspected", "illegalKinds", "publicWebUrl", "staffInvolved", "ladoThreshold", "childAtRisk", "urgent");
        if (concernsChanged)
        {
            given.Add(ReportFields.Concerns);
        }

        return new IncidentChangesDraft(
            given,
            given.Contains(ReportFields.OccurredAt) ? OccurredAt(posted, errors) : null,
            posted["description"].ToString(),
            posted["howIdentified"].ToString(),
            posted["technology"].ToString(),
            ReadPeople(posted, slots),
            concernsChanged ? ReadConcerns(posted, errors) : null);
    }

    /// <summary>The report form's "Not sure" answer.</summary>
    public const string NotSure = "not-sure";

    /// <summary>
    /// Reads the flowchart's answers from a posted form; a missing answer is an error naming the question. "Not sure"
    /// is read as null; whether it is allowed is the use case's rule (a reporter may, the officer may not).
    /// </summary>
    public static ConcernsDraft ReadConcerns(IFormCollection form, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(errors);
        bool? YesNoAnswer(string name, string field, string message)
        {
            string answer = form[name].ToString();
            if (answer is not ("yes" or "no" or NotSure))
            {
                errors.Add(field, message);
            }

            return answer switch { "yes" => true, NotSure => null, _ => false };
        }

        return new ConcernsDraft(
            YesNoAnswer("illegalSuspected", "concerns.illegalSuspected", "Select yes if you think this may be illegal"),
            form["illegalKinds"].Where(v => v is not null).Select(v => v!).ToList(),
            form["publicWebUrl"].ToString(),
            YesNoAnswer("staffInvolved", "concerns.staffInvolved", "Select yes if a member of staff or a volunteer is involved"),
            form["ladoThreshold"].Where(v => v is not null).Select(v => v!).ToList(),
            YesNoAnswer("childAtRisk", "concerns.childAtRiskOfSignificantHarm", "Select yes if you think a child is at risk of significant harm"),
            YesNoAnswer("urgent", "concerns.urgent", "Select yes if something needs to happen today"));
    }

    /// <summary>The date input's parts and the time as an ISO 8601 moment (UK local time), or "invalid" with a field error.</summary>
    static string OccurredAt(IFormCollection form, FieldErrors errors) =>
        DateInputs.Moment(form, "occurred", "occurredAt", "When it happened must be a real date, and the time like 14:05", errors);
}
