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

    public required IncidentStatus Status { get; init; }

    public required IncidentSource Source { get; init; }

    public required DateTimeOffset SubmittedAt { get; init; }

    /// <summary>The person id of the reporter (never a name: names live in the directory).</summary>
    public required string ReportedBy { get; init; }

    public required IncidentReport Report { get; init; }

    public IReadOnlyList<IncidentAction> Actions { get; init; } = [];

    public string? Conclusion { get; init; }

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
    DateTimeOffset RecordedAt);

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
    string? FailureReason = null);

public enum EscalationState
{
    Queued,
    Sent,
    Acknowledged,
    Overdue,
    Failed,
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

/// <summary>The flowchart's questions (docs/domain.md, "The incident flowchart"), as the reporter or the triaging officer answered them.</summary>
public sealed record Concerns(
    bool IllegalSuspected,
    IReadOnlyList<IllegalKind> IllegalKinds,
    string? PublicWebUrl,
    bool StaffInvolved,
    IReadOnlyList<LadoThreshold> LadoThreshold,
    bool ChildAtRiskOfSignificantHarm,
    bool Urgent)
{
    public static Concerns None { get; } = new(false, [], null, false, [], false, false);
}

public sealed record IncidentAction(string Description, string TakenBy, DateTimeOffset TakenAt)
{
    /// <summary>What <see cref="TakenBy"/> says for the actions the workflows record themselves (a notice sent, the plan recorded, an automatic hold).</summary>
    public const string SystemActor = "system";
}

public enum IncidentStatus
{
    /// <summary>Reported with the flowchart questions answered; the response workflow takes it from here.</summary>
    Reported,

    /// <summary>Reported by email: the e-safety officer must answer the flowchart questions.</summary>
    AwaitingTriage,
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
