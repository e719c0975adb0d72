using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Workflows.Evidence;

/// <summary>
/// The record of a device or website reviewed for a non-illegal incident (docs/domain.md, "Device reviews"): two different people of the
/// agency, on a machine children do not use, writing down what they looked at and why, and what they concluded.
/// The moment illegal images appear the review stops and the police are called — so it is refused for an incident
/// where anything illegal is suspected.
/// </summary>
/// <param name="FirstReviewer">Person id of the first reviewer.</param>
/// <param name="SecondReviewer">Person id of the second reviewer (a different person).</param>
/// <param name="Machine">The computer used for the review (one children do not use).</param>
/// <param name="DeviceOrSite">What was reviewed: the device or the website.</param>
public sealed record DeviceReview(
    string ReviewId,
    string IncidentId,
    string AgencyId,
    string FirstReviewer,
    string SecondReviewer,
    DateTimeOffset ReviewedAt,
    string Machine,
    string DeviceOrSite,
    string WhatWasReviewed,
    string Why,
    string Conclusion,
    string RecordedBy,
    DateTimeOffset RecordedAt);

/// <summary>A review as typed in (the API's JSON or the page's form), every value still text.</summary>
public sealed record DeviceReviewDraft(
    string? FirstReviewer, string? SecondReviewer, string? ReviewedAt, string? Machine, string? DeviceOrSite, string? WhatWasReviewed, string? Why, string? Conclusion);

/// <summary>The rules of a device or site review, as a pure function.</summary>
public static class DeviceReviewRules
{
    /// <summary>Why an incident may not have a review, or null when it may.</summary>
    public static string? Refusal(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        if (incident.Report.Concerns is not { } concerns || incident.Status == IncidentStatus.AwaitingTriage)
        {
            return "Triage this report first: a device may be reviewed only once it is known that nothing illegal is suspected.";
        }

        return concerns.IllegalSuspected != false
            ? "Something illegal is suspected in this incident: do not review the device. Isolate it, change nothing and leave it to the police."
            : null;
    }

    /// <param name="people">The agency's people (the reviewers must be two of them).</param>
    public static DeviceReview? Validate(DeviceReviewDraft draft, Incident incident, IReadOnlyList<Person> people, string recordedBy, DateTimeOffset now, string reviewId, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(people);
        ArgumentNullException.ThrowIfNull(errors);
        Person? first = Reviewer(draft.FirstReviewer, "firstReviewer", "first", people, errors);
        Person? second = Reviewer(draft.SecondReviewer, "secondReviewer", "second", people, errors);
        if (first is not null && second is not null && first.PersonId == second.PersonId)
        {
            errors.Add("secondReviewer", "The second reviewer must be a different person from the first");
        }

        DateTimeOffset? reviewedAt = EvidenceText.PastMoment(draft.ReviewedAt, "reviewedAt", errors, now);
        string? machine = EvidenceText.Required(draft.Machine, "machine", "the computer used for the review", 300, errors);
        string? device = EvidenceText.Required(draft.DeviceOrSite, "deviceOrSite", "the device or website reviewed", 500, errors);
        string? what = EvidenceText.Required(draft.WhatWasReviewed, "whatWasReviewed", "what was reviewed", 4000, errors);
        string? why = EvidenceText.Required(draft.Why, "why", "why it was reviewed", 4000, errors);
        string? conclusion = EvidenceText.Required(draft.Conclusion, "conclusion", "the reviewers' conclusion", 4000, errors);
        return errors.Any
            ? null
            : new DeviceReview(reviewId, incident.IncidentId, incident.AgencyId, first!.PersonId, second!.PersonId, reviewedAt!.Value,
                machine!, device!, what!, why!, conclusion!, recordedBy, now);
    }

    static Person? Reviewer(string? personId, string field, string which, IReadOnlyList<Person> people, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(personId))
        {
            errors.Add(field, "Choose the " + which + " reviewer");
            return null;
        }

        Person? person = people.FirstOrDefault(p => p.PersonId == personId.Trim() && p.Active && p.ActsAsAny(Roles.AgencyMembers));
        if (person is null)
        {
            errors.Add(field, "The " + which + " reviewer must be a member of the agency");
        }

        return person;
    }
}

/// <summary>Port: the device and site reviews of each incident.</summary>
public interface IDeviceReviews
{
    Task AddAsync(DeviceReview review, CancellationToken cancellationToken);

    Task<IReadOnlyList<DeviceReview>> ListAsync(string incidentId, CancellationToken cancellationToken);

    Task DeleteAllAsync(string incidentId, CancellationToken cancellationToken);
}

/// <summary>Checks on typed-in text shared by the evidence records' rules.</summary>
public static class EvidenceText
{
    public static string? Required(string? value, string field, string what, int maxLength, FieldErrors errors) =>
        Optional(value, field, maxLength, errors) is { } text ? text : Missing(field, what, errors);

    public static string? Optional(string? value, string field, int maxLength, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        string? text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Length > maxLength || text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            errors.Add(field, $"{field} must be {maxLength} characters or fewer, without control characters");
            return null;
        }

        return text;
    }

    public static DateTimeOffset? PastMoment(string? value, string field, FieldErrors errors, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, "Enter when (a date and time)");
            return null;
        }

        if (DateTimeOffset.TryParse(value.Trim(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out DateTimeOffset moment)
            && moment <= now.AddMinutes(5))
        {
            return moment;
        }

        errors.Add(field, field + " must be a date and time that is not in the future, for example 2026-11-20T15:00");
        return null;
    }

    static string? Missing(string field, string what, FieldErrors errors)
    {
        if (!errors.All.Any(e => e.Field == field))
        {
            errors.Add(field, "Enter " + what);
        }

        return null;
    }
}
