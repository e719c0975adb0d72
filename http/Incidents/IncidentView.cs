using System.Text.Json.Serialization;
using EsafetyServerless.Http.Tasks;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Tasks;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Http.Incidents;

/// <summary>An incident as <c>GET /api/incidents/{incidentId}</c> returns it (the API contract's names).</summary>
public sealed record IncidentView(
    string IncidentId,
    string AgencyId,
    string Reference,
    string Status,
    string Source,
    DateTimeOffset SubmittedAt,
    string ReportedBy,
    DateTimeOffset OccurredAt,
    string Description,
    string HowIdentified,
    string? Technology,
    IReadOnlyList<PersonView> PeopleInvolved,
    ConcernsView? Concerns,
    string? Route,
    bool? Serious,
    int OverdueReferrals,
    IReadOnlyList<EscalationView> Escalations,
    IReadOnlyList<IncidentAction> Actions,
    string? Conclusion,
    IReadOnlyList<TaskView> Tasks,
    string? Outcome,
    [property: JsonPropertyName("policyReview")] PostIncidentReviewRecord? PostIncidentReview,
    IReadOnlyList<AmendmentView> Amendments,
    IReadOnlyList<ConclusionView> Conclusions,
    IReadOnlyList<IncidentAddendum> Addenda,
    IncidentLinks Links)
{
    /// <param name="tasks">The tasks opened for this incident (referrals to make, evidence to secure, the policy review).</param>
    /// <param name="now">For <c>overdueReferrals</c> and the tasks' overdue flags.</param>
    public static IncidentView From(Incident incident, DateTimeOffset now, IEnumerable<WorkTask>? tasks = null)
    {
        ArgumentNullException.ThrowIfNull(incident);
        IncidentReport r = incident.Report;
        return new IncidentView(
            incident.IncidentId, incident.AgencyId, incident.Reference, WireNames.Of(incident.Status), WireNames.Of(incident.Source),
            incident.SubmittedAt, incident.ReportedBy, r.OccurredAt, r.Description, WireNames.Of(r.HowIdentified), r.Technology,
            People(r.PeopleInvolved),
            ConcernsView.Of(r.Concerns),
            incident.Plan is { } plan ? WireNames.Of(plan.Route) : null, incident.Plan?.Serious, incident.OverdueReferrals(now),
            incident.Plan?.Escalations.Select(EscalationView.From).ToList() ?? [],
            incident.Actions, incident.Conclusion,
            (tasks ?? []).Where(t => t.SubjectId == incident.IncidentId).Select(t => TaskView.Of(t, now)).ToList(),
            incident.Outcome is { } outcome ? WireNames.Of(outcome) : null, incident.PostIncidentReview,
            incident.Amendments.Select(AmendmentView.From).ToList(),
            incident.Conclusions.Select(c => new ConclusionView(c.Conclusion, c.Outcome is { } o ? WireNames.Of(o) : null, c.RecordedBy, c.RecordedAt)).ToList(),
            incident.Addenda,
            new IncidentLinks(SelfLink(incident.IncidentId)));
    }

    internal static List<PersonView> People(IEnumerable<PersonInvolved> people) =>
        people.Select(p => new PersonView(WireNames.Of(p.Role), p.Name, p.DateOfBirth, p.IsVictim, p.IsInstigator)).ToList();

    public static string SelfLink(string incidentId) => "/api/incidents/" + incidentId;
}

/// <summary>An escalation as the API shows it (channel is set once the first notice went out).</summary>
/// <param name="Closure">Set when the officer closed it without an acknowledgement (state <c>closed</c>): why, by whom, when.</param>
public sealed record EscalationView(
    string EscalationId, string Target, string? Channel, string State, DateTimeOffset DueAt, DateTimeOffset? SentAt,
    DateTimeOffset? AcknowledgedAt, int Attempts, string? ExternalReference, EscalationClosure? Closure, EscalationClosure? Withdrawal)
{
    public static EscalationView From(EscalationRecord e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.EscalationId, WireNames.Of(e.Target), e.Channel is { } channel ? WireNames.Of(channel) : null, WireNames.Of(e.State), e.DueAt, e.SentAt,
            e.AcknowledgedAt, e.Attempts, e.ExternalReference, e.Closure, e.Withdrawal);
    }
}

public sealed record PersonView(string Role, string Name, DateOnly? DateOfBirth, bool IsVictim, bool IsInstigator);

/// <remarks>A yes/no answer is <c>null</c> (written, not left out) when the reporter was not sure.</remarks>
public sealed record ConcernsView(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] bool? IllegalSuspected,
    IReadOnlyList<string> IllegalKinds,
    string? PublicWebUrl,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] bool? StaffInvolved,
    IReadOnlyList<string> LadoThreshold,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] bool? ChildAtRiskOfSignificantHarm,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] bool? Urgent)
{
    public static ConcernsView? Of(Concerns? concerns) => concerns is { } c
        ? new ConcernsView(c.IllegalSuspected, c.IllegalKinds.Select(k => WireNames.Of(k)).ToList(), c.PublicWebUrl, c.StaffInvolved,
            c.LadoThreshold.Select(t => WireNames.Of(t)).ToList(), c.ChildAtRiskOfSignificantHarm, c.Urgent)
        : null;
}

/// <summary>One correction: <c>old</c> and <c>new</c> are the field's value as the report gives it (an object for <c>concerns</c>, a list for <c>peopleInvolved</c>).</summary>
public sealed record AmendmentView(string Field, object? Old, object? New, string AmendedBy, DateTimeOffset AmendedAt, string Reason)
{
    public static AmendmentView From(IncidentAmendment a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(a.Field, Value(a.Field, a.Old), Value(a.Field, a.New), a.AmendedBy, a.AmendedAt, a.Reason);
    }

    static object? Value(string field, ReportedValue v) => field switch
    {
        ReportFields.OccurredAt => v.OccurredAt,
        ReportFields.HowIdentified => v.HowIdentified is { } how ? WireNames.Of(how) : null,
        ReportFields.Technology => v.Technology,
        ReportFields.PeopleInvolved => IncidentView.People(v.PeopleInvolved ?? []),
        ReportFields.Concerns => ConcernsView.Of(v.Concerns),
        ReportFields.Description => v.Description,
        _ => null,
    };
}

/// <summary>A conclusion as recorded; the last is the incident's <c>conclusion</c>.</summary>
public sealed record ConclusionView(string Conclusion, string? Outcome, string RecordedBy, DateTimeOffset RecordedAt);

public sealed record IncidentLinks(string Self);
