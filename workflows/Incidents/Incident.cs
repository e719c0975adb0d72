using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Workflows.Incidents;

/// <summary>
/// An entry in the agency's incident log. It holds what the standard requires of every entry (docs/domain.md, "Requirements"):
/// a description, the people involved, how it was identified, the actions taken and by whom, and the conclusion.
/// </summary>
public sealed record Incident
{
    public required string IncidentId { get; init; }

    public required string AgencyId { get; init; }

    /// <summary>The human-friendly reference staff and officers quote ("NP-2026-0042").</summary>
    public required string Reference { get; init; }

    /// <summary>
    /// Reported by email (or with a "Not sure" answer): the e-safety officer must answer the flowchart questions
    /// before the response can be planned. The one stored fact of the lifecycle; the rest is derived (<see cref="Status"/>).
    /// </summary>
    public bool AwaitingTriage { get; init; }

    /// <summary>
    /// Set only on a reporter's view of their report (<see cref="ReadIncident.ForReporter"/>), whose conclusion and
    /// referrals are removed: it still says where the case stands.
    /// </summary>
    public IncidentStatus? RedactedStatus { get; init; }

    /// <summary>Where the case stands, derived from what is recorded so it can never disagree with it.</summary>
    public IncidentStatus Status =>
        this.RedactedStatus ?? (this.AwaitingTriage ? IncidentStatus.AwaitingTriage
        : this.Conclusion is null ? IncidentStatus.Open
        : this.IsClosed ? IncidentStatus.Closed
        : IncidentStatus.Concluded);

    /// <summary>
    /// Concluded, the plan recorded, every referral acknowledged (or closed or withdrawn by the officer with a reason)
    /// and, for a serious incident, the post-incident review completed.
    /// </summary>
    bool IsClosed =>
        this.Conclusion is not null
        && this.Plan is { } plan
        && plan.Escalations.All(e => e.IsSettled)
        && (!plan.Serious || this.PostIncidentReview is not null);

    /// <summary>The earliest deadline of a referral still waiting for its acknowledgement; null when none is waiting.</summary>
    public DateTimeOffset? ReferralsDueBy =>
        this.Plan?.Escalations.Where(e => !e.IsSettled).Select(e => (DateTimeOffset?)e.DueAt).Min();

    /// <summary>Referrals still waiting for their acknowledgement after their deadline.</summary>
    public int OverdueReferrals(DateTimeOffset now) =>
        this.Plan?.Escalations.Count(e => !e.IsSettled && e.DueAt < now) ?? 0;

    public required IncidentSource Source { get; init; }

    public required DateTimeOffset SubmittedAt { get; init; }

    /// <summary>The person id of the reporter (never a name: names live in the directory).</summary>
    public required string ReportedBy { get; init; }

    public required IncidentReport Report { get; init; }

    public IReadOnlyList<IncidentAction> Actions { get; init; } = [];

    public string? Conclusion { get; init; }

    /// <summary>Every conclusion recorded, oldest first: a new one never overwrites the record of an earlier one.</summary>
    public IReadOnlyList<ConclusionRecord> Conclusions { get; init; } = [];

    /// <summary>Corrections of what was reported, oldest first; <see cref="Report"/> holds the current values.</summary>
    public IReadOnlyList<IncidentAmendment> Amendments { get; init; } = [];

    /// <summary>What the reporter added to their report after sending it, oldest first (<see cref="AddToReport"/>).</summary>
    public IReadOnlyList<IncidentAddendum> Addenda { get; init; } = [];

    /// <summary>What the flowchart decided, once the concerns are known: route, seriousness, escalations.</summary>
    public RecordedPlan? Plan { get; init; }

    /// <summary>For an allegation against a member of staff: how it was resolved.</summary>
    public AllegationOutcome? Outcome { get; init; }

    /// <summary>For an emailed report: the raw message and the quarantined attachments, each with its SHA-256.</summary>
    public EmailRecord? Email { get; init; }

    /// <summary>After a serious incident: the senior manager's review of the policies, once completed.</summary>
    public PostIncidentReviewRecord? PostIncidentReview { get; init; }

    /// <summary>This incident with one escalation changed (unchanged when there is no such escalation).</summary>
    public Incident WithEscalation(string escalationId, Func<EscalationRecord, EscalationRecord> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return this.Plan is null ? this : this with
        {
            Plan = this.Plan with { Escalations = this.Plan.Escalations.Select(e => e.EscalationId == escalationId ? change(e) : e).ToList() },
        };
    }
}

/// <summary>
/// The post-incident review (docs/domain.md, "Requirements"): the senior manager (or the officer they delegated it to)
/// reviewed every e-safety and acceptable-use policy and procedure in the light of the incident. Its wire and storage
/// name stays "policy review" (the routes, the API's <c>policyReview</c>, the table's <c>PolicyReview</c> column).
/// </summary>
public sealed record PostIncidentReviewRecord(
    string CompletedBy,
    DateTimeOffset CompletedAt,
    string IssuesIdentified,
    IReadOnlyList<PostIncidentReviewAction> Actions,
    IReadOnlyList<string> StakeholdersConsulted);

/// <summary>An action the review decided, and who is responsible for it.</summary>
public sealed record PostIncidentReviewAction(string Action, string Responsible);

/// <summary>The response plan as recorded on the incident.</summary>
public sealed record RecordedPlan(
    Workflows.Incidents.ResponseRoute Route,
    bool Serious,
    IReadOnlyList<EscalationRecord> Escalations,
    bool SecureEvidence,
    bool TellHumanResources,
    DateTimeOffset RecordedAt,
    string? ReviewChasedBy = null);

/// <summary>One escalation to someone outside the agency, and where it stands.</summary>
public sealed record EscalationRecord(
    string EscalationId,
    Workflows.Incidents.EscalationTarget Target,
    EscalationState State,
    DateTimeOffset DueAt,
    DateTimeOffset? SentAt = null,
    DateTimeOffset? AcknowledgedAt = null,
    int Attempts = 0,
    string? ExternalReference = null,
    Workflows.Incidents.ChannelKind? Channel = null,
    string? AcknowledgedBy = null,
    string? FailureReason = null,
    EscalationClosure? Closure = null,
    string? ChasedBy = null,
    EscalationClosure? Withdrawal = null)
{
    /// <summary>
    /// Nothing more is waited for: the target acknowledged it, the officer closed it with a reason, or a correction of
    /// the flowchart's answers withdrew it.
    /// </summary>
    public bool IsSettled => this.State is EscalationState.Acknowledged or EscalationState.Closed or EscalationState.Withdrawn;

    /// <summary>The workflow instance waiting for its acknowledgement: the incident's response, or a correction's.</summary>
    public string ChasingInstance(string incidentId) => this.ChasedBy ?? incidentId;
}

/// <summary>A conclusion as it was recorded (the incident's current one is the last).</summary>
public sealed record ConclusionRecord(string Conclusion, AllegationOutcome? Outcome, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>
/// One correction of one reported field: its value before and after (only that field of each <see cref="ReportedValue"/>
/// is set), who corrected it, when and why.
/// </summary>
public sealed record IncidentAmendment(string Field, ReportedValue Old, ReportedValue New, string AmendedBy, DateTimeOffset AmendedAt, string Reason);

/// <summary>The value of one field of <see cref="IncidentReport"/>; the field is named by the amendment (wire names: <see cref="ReportFields"/>).</summary>
public sealed record ReportedValue(
    DateTimeOffset? OccurredAt = null,
    string? Description = null,
    HowIdentified? HowIdentified = null,
    string? Technology = null,
    IReadOnlyList<PersonInvolved>? PeopleInvolved = null,
    Concerns? Concerns = null);

/// <summary>The report's correctable fields, by the names the API uses for them.</summary>
public static class ReportFields
{
    public const string OccurredAt = "occurredAt";
    public const string HowIdentified = "howIdentified";
    public const string Technology = "technology";
    public const string PeopleInvolved = "peopleInvolved";
    public const string Concerns = "concerns";
    public const string Description = "description";

    public static IReadOnlyList<string> All { get; } = [OccurredAt, HowIdentified, Technology, PeopleInvolved, Concerns, Description];

    /// <summary>The field's value in the report.</summary>
    public static ReportedValue Of(IncidentReport report, string field)
    {
        ArgumentNullException.ThrowIfNull(report);
        return field switch
        {
            OccurredAt => new ReportedValue(OccurredAt: report.OccurredAt),
            HowIdentified => new ReportedValue(HowIdentified: report.HowIdentified),
            Technology => new ReportedValue(Technology: report.Technology),
            PeopleInvolved => new ReportedValue(PeopleInvolved: report.PeopleInvolved),
            Concerns => new ReportedValue(Concerns: report.Concerns),
            Description => new ReportedValue(Description: report.Description),
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not a report field"),
        };
    }

    /// <summary>The report with the field set to the value.</summary>
    public static IncidentReport With(IncidentReport report, string field, ReportedValue value)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(value);
        return field switch
        {
            OccurredAt => report with { OccurredAt = value.OccurredAt ?? report.OccurredAt },
            HowIdentified => report with { HowIdentified = value.HowIdentified ?? report.HowIdentified },
            Technology => report with { Technology = value.Technology },
            PeopleInvolved => report with { PeopleInvolved = value.PeopleInvolved ?? [] },
            Concerns => report with { Concerns = value.Concerns },
            Description => report with { Description = value.Description ?? report.Description },
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not a report field"),
        };
    }

    /// <summary>Whether two values of the field are the same (lists compared item by item).</summary>
    public static bool Same(string field, ReportedValue a, ReportedValue b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return field switch
        {
            PeopleInvolved => (a.PeopleInvolved ?? []).SequenceEqual(b.PeopleInvolved ?? []),
            Concerns => SameConcerns(a.Concerns, b.Concerns),
            _ => a == b,
        };
    }

    static bool SameConcerns(Concerns? a, Concerns? b) =>
        a is null || b is null ? a is null && b is null
        : a.IllegalSuspected == b.IllegalSuspected && a.IllegalKinds.SequenceEqual(b.IllegalKinds) && a.PublicWebUrl == b.PublicWebUrl
          && a.StaffInvolved == b.StaffInvolved && a.LadoThreshold.SequenceEqual(b.LadoThreshold)
          && a.ChildAtRiskOfSignificantHarm == b.ChildAtRiskOfSignificantHarm && a.Urgent == b.Urgent;
}

/// <summary>Why, by whom and when the officer closed a referral without the target's acknowledgement.</summary>
public sealed record EscalationClosure(string Reason, string ClosedBy, DateTimeOffset ClosedAt);

public enum EscalationState
{
    Queued,
    Sent,
    Acknowledged,
    Overdue,
    Failed,

    /// <summary>Closed by the officer with a reason (the target will not acknowledge: a call logged without a number, a duplicate).</summary>
    Closed,

    /// <summary>No longer needed after a correction of the flowchart's answers; the target is told if it was notified.</summary>
    Withdrawn,
}

/// <summary>Outcome categories for allegations against staff (docs/domain.md, "Retention").</summary>
public enum AllegationOutcome
{
    Substantiated,
    Malicious,
    False,
    Unsubstantiated,
    Unfounded,
}

/// <summary>Where an emailed report's raw message and attachments are kept (restricted containers), with their hashes.</summary>
public sealed record EmailRecord(string From, string Subject, Workflows.Platform.StoredBlob RawMessage, IReadOnlyList<Workflows.Platform.StoredBlob> Attachments);

/// <summary>What the reporter told us: the fields of the form, the API and (partly) an email.</summary>
public sealed record IncidentReport(
    DateTimeOffset OccurredAt,
    string Description,
    HowIdentified HowIdentified,
    string? Technology,
    IReadOnlyList<PersonInvolved> PeopleInvolved,
    Concerns? Concerns);

public sealed record PersonInvolved(InvolvedRole Role, string Name, DateOnly? DateOfBirth, bool IsVictim, bool IsInstigator);

/// <summary>
/// The flowchart's questions (docs/domain.md, "The incident flowchart"), as the reporter or the triaging officer answered
/// them. A yes/no answer is <c>null</c> when the reporter was not sure; such a report awaits the officer's triage, whose
/// answers are always yes or no, so a plan is never made from a "Not sure".
/// </summary>
public sealed record Concerns(
    bool? IllegalSuspected,
    IReadOnlyList<IllegalKind> IllegalKinds,
    string? PublicWebUrl,
    bool? StaffInvolved,
    IReadOnlyList<LadoThreshold> LadoThreshold,
    bool? ChildAtRiskOfSignificantHarm,
    bool? Urgent)
{
    public static Concerns None { get; } = new(false, [], null, false, [], false, false);

    /// <summary>Whether any yes/no question was answered "Not sure".</summary>
    public bool AnyNotSure() => this.IllegalSuspected is null || this.StaffInvolved is null || this.ChildAtRiskOfSignificantHarm is null || this.Urgent is null;

    /// <summary>Whether the report says the officer must act today: urgent or a child at risk, or not sure of either.</summary>
    public bool MayNeedActionToday() => this.Urgent != false || this.ChildAtRiskOfSignificantHarm != false;
}

public sealed record IncidentAction(string Description, string TakenBy, DateTimeOffset TakenAt)
{
    /// <summary>What <see cref="TakenBy"/> says for the actions the workflows record themselves (a notice sent, the plan recorded, an automatic hold).</summary>
    public const string SystemActor = "system";
}

/// <summary>The incident's lifecycle (wire names <c>awaiting-triage</c>, <c>open</c>, <c>concluded</c>, <c>closed</c>).</summary>
public enum IncidentStatus
{
    /// <summary>Reported by email, or with a "Not sure" answer: the e-safety officer must answer the flowchart questions.</summary>
    AwaitingTriage,

    /// <summary>The response is under way (records stored as "Reported" before the lifecycle read as this).</summary>
    Open,

    /// <summary>The conclusion is recorded; referrals or the post-incident review are still outstanding.</summary>
    Concluded,

    /// <summary>Concluded, every referral settled and, for a serious incident, the post-incident review completed.</summary>
    Closed,
}

public enum IncidentSource
{
    Form,
    Email,
}

public enum HowIdentified
{
    Disclosure,
    Observed,
    MonitoringAlert,
    FilteringReport,
    Complaint,
    Other,
}

public enum InvolvedRole
{
    Child,
    Staff,
    Volunteer,
    ParentCarer,
    Other,
}

public enum IllegalKind
{
    IndecentImagesOfChildren,
    GroomingOrSexualExploitation,
    ExtremismOrHate,
    OtherCriminal,
}

public enum LadoThreshold
{
    HarmedAChild,
    CriminalOffence,
    RiskOfHarm,
    UnsuitableToWorkWithChildren,
}
