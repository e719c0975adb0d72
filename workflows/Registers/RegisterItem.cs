using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Registers;

/// <summary>The registers the standard requires each agency to keep (docs/domain.md, "Requirements").</summary>
public enum RegisterKind
{
    /// <summary>Who the agency's e-safety officer is, since when, and the training they hold.</summary>
    OfficerAppointment,

    /// <summary>An Acceptable Use Policy for one audience (and age group), reviewed every 12 months.</summary>
    Aup,

    /// <summary>An internal e-safety policy or procedure, reviewed every 12 months.</summary>
    Policy,

    /// <summary>A technology in use, with its risk assessment when children can access it (reviewed every 12 months).</summary>
    Technology,

    /// <summary>The filtering provider and network monitoring, with the last effectiveness review.</summary>
    Filtering,

    /// <summary>A training record of a person (or a group of children or carers) with its refresher due date.</summary>
    Training,
}

public enum AupAudience
{
    Staff,
    Children,
    ParentsCarers,
}

/// <summary>The policies and procedures the standard names (docs/domain.md, "Requirements").</summary>
public enum PolicyKind
{
    EsafetyPolicy,
    IncidentResponse,
    DataProtection,
    Safeguarding,
    Other,
}

/// <summary>The training audiences the standard names (docs/domain.md, "Requirements").</summary>
public enum TrainingRole
{
    LeadersManagers,
    EsafetyOfficer,
    Educators,
    OtherStaff,
    Children,
    ParentsCarers,
    TechnicalStaff,
}

/// <summary>
/// One item of an agency's registers. Every kind shares the review cycle (<see cref="LastReviewed"/>,
/// <see cref="NextReviewDue"/>, <see cref="Reviews"/>); the kind's own facts sit in the matching details property.
/// </summary>
/// <param name="ItemId">Kind prefix and random suffix ("aup-3f9c…"), safe in table keys, task ids and instance ids.</param>
/// <param name="NextReviewDue">When the next review (or training refresher) is due; null for kinds without a cycle.</param>
public sealed record RegisterItem(
    string AgencyId,
    string ItemId,
    RegisterKind Kind,
    string Title,
    DateOnly? LastReviewed,
    DateOnly? NextReviewDue,
    DateTimeOffset UpdatedAt,
    string UpdatedBy,
    OfficerAppointment? Officer = null,
    AupDetails? Aup = null,
    PolicyDetails? Policy = null,
    TechnologyDetails? Technology = null,
    FilteringDetails? Filtering = null,
    TrainingDetails? Training = null,
    IReadOnlyList<ReviewRecord>? Reviews = null)
{
    public IReadOnlyList<ReviewRecord> ReviewHistory => this.Reviews ?? [];
}

/// <param name="PersonId">The officer, a person in the agency's directory.</param>
public sealed record OfficerAppointment(string PersonId, DateOnly Since, IReadOnlyList<string> TrainingHeld);

/// <param name="AgeGroup">Required for children's AUPs ("5-7", "Key stage 2"…), so each age group has its own version.</param>
/// <param name="DocumentBlob">The uploaded document of this version, in Blob storage.</param>
/// <param name="FlaggedForReview">Set when a new technology arrives ("sooner in response to new technologies").</param>
public sealed record AupDetails(
    AupAudience Audience,
    string? AgeGroup,
    string Version,
    IReadOnlyList<string> TechnologiesCovered,
    bool StatesSanctions,
    bool StatesMonitoring,
    string? DocumentBlob = null,
    string? FlaggedForReview = null);

public sealed record PolicyDetails(PolicyKind PolicyKind);

/// <param name="RiskAssessment">Required when <paramref name="ChildrenCanAccess"/>; its review date is the item's next review.</param>
public sealed record TechnologyDetails(bool ChildrenCanAccess, RiskAssessment? RiskAssessment);

/// <param name="OwnerPersonId">Who keeps the assessment current.</param>
public sealed record RiskAssessment(IReadOnlyList<string> Risks, IReadOnlyList<string> Mitigations, IReadOnlyList<string> EmergingIssues, string OwnerPersonId);

/// <param name="IwfUrlList">Whether the provider subscribes to the IWF URL list.</param>
/// <param name="LastEffectivenessReview">The last test that the filtering works, which starts the 12-month cycle.</param>
public sealed record FilteringDetails(string Provider, bool IwfUrlList, string? Accreditation, bool MonitoringInPlace, DateOnly? LastEffectivenessReview);

/// <summary>One training session: its audience, course and date, and who attended.</summary>
/// <param name="Role">The audience of the standard the session was for.</param>
/// <param name="Trainee">A group ("Year 5", "Parents' evening") for children and carers; for staff one person's id (records made before a session could have many attendees), or empty when <see cref="Attendees"/> names them.</param>
public sealed record TrainingDetails(TrainingRole Role, string Trainee, string Course, DateOnly CompletedOn, string Provider)
{
    /// <summary>The people of the directory who attended (staff audiences); null for a group's session.</summary>
    public IReadOnlyList<string>? Attendees { get; init; }

    /// <summary>Who attended: the attendees, or the one trainee of an older record.</summary>
    public IReadOnlyList<string> AttendeeIds() => this.Attendees is { Count: > 0 } attendees ? attendees : this.Trainee.Length > 0 ? [this.Trainee] : [];

    /// <summary>Sessions for children and for parents and carers name a group, not people: the product keeps no roster of them.</summary>
    public static bool IsForGroups(TrainingRole role) => role is TrainingRole.Children or TrainingRole.ParentsCarers;
}

/// <summary>A completed review: what the record must set out (docs/domain.md, "Requirements").</summary>
public sealed record ReviewRecord(
    string ReviewId,
    DateOnly ReviewedOn,
    string ReviewedBy,
    IReadOnlyList<string> IssuesIdentified,
    IReadOnlyList<ReviewAction> Actions,
    IReadOnlyList<string> StakeholdersConsulted,
    DateOnly NextDue);

/// <param name="ResponsiblePersonId">Who is responsible for the action.</param>
public sealed record ReviewAction(string Description, string ResponsiblePersonId);

public enum SignedBy
{
    /// <summary>The user signed for themselves.</summary>
    Self,

    /// <summary>A parent or carer signed for the child.</summary>
    Carer,
}

/// <summary>Who signed which version of an AUP, when, and whether a carer signed for them.</summary>
/// <param name="Signer">The person id of staff, or the name of the child or carer as the agency records it.</param>
/// <param name="CarerName">The carer who signed, when <paramref name="SignedBy"/> is <see cref="SignedBy.Carer"/>.</param>
public sealed record AupSignature(
    string AgencyId,
    string AupId,
    string Version,
    string Signer,
    SignedBy SignedBy,
    string? CarerName,
    DateTimeOffset SignedAt,
    string RecordedBy)
{
    /// <summary>A class or group's count instead of one person's signature (the signer is then "group:" and its name).</summary>
    public AupGroupCount? Group { get; init; }
}

/// <summary>An item's entry in the due index: enough to start its review without reading the register.</summary>
public sealed record DueEntry(string AgencyId, string ItemId, RegisterKind Kind, DateOnly Due);

/// <summary>Port: the agencies' registers, AUP signatures and the index of review due dates.</summary>
public interface IRegisterStore
{
    Task<RegisterItem?> FindAsync(string agencyId, string itemId, CancellationToken cancellationToken);

    Task<IReadOnlyList<RegisterItem>> ListAsync(string agencyId, CancellationToken cancellationToken);

    /// <summary>Saves a new item and indexes its due date.</summary>
    Task CreateAsync(RegisterItem item, CancellationToken cancellationToken);

    /// <summary>Saves many new items at once (imports, tests): batches of 100 per partition.</summary>
    Task ImportAsync(IReadOnlyList<RegisterItem> items, CancellationToken cancellationToken);

    /// <summary>Applies a change under optimistic concurrency and moves the item in the due index; null when missing.</summary>
    Task<RegisterItem?> UpdateAsync(string agencyId, string itemId, Func<RegisterItem, RegisterItem> change, CancellationToken cancellationToken);

    Task AddSignatureAsync(AupSignature signature, CancellationToken cancellationToken);

    Task<IReadOnlyList<AupSignature>> ListSignaturesAsync(string agencyId, string aupId, CancellationToken cancellationToken);

    /// <summary>Every indexed item due on or before <paramref name="through"/>, overdue ones included, reading only those.</summary>
    IAsyncEnumerable<DueEntry> ListDueAsync(DateOnly through, CancellationToken cancellationToken);
}

/// <summary>Port: the documents of AUP versions (Blob storage).</summary>
public interface IAupDocuments
{
    /// <summary>Stores the document and returns its blob name.</summary>
    Task<string> SaveAsync(string agencyId, string aupId, string version, string contentType, Stream content, CancellationToken cancellationToken);

    /// <summary>The stored document and its media type, or null when it is no longer there.</summary>
    Task<AupDocumentContent?> OpenAsync(string blobName, CancellationToken cancellationToken);
}

/// <summary>An AUP document being read: the caller disposes <see cref="Content"/>.</summary>
public sealed record AupDocumentContent(Stream Content, string MediaType);

/// <summary>The rules of the review cycle.</summary>
public static class ReviewCycle
{
    /// <summary>"At least every 12 months" (docs/domain.md, "Deadlines").</summary>
    public static DateOnly NextDue(DateOnly reviewedOn) => reviewedOn.AddMonths(12);

    /// <summary>Items due within this many days are amber and have their review started.</summary>
    public const int DueSoonDays = 30;

    /// <summary>Who owns the review: the senior manager for policies and AUPs, the technician for filtering, the officer otherwise.</summary>
    public static Role OwnerRole(RegisterKind kind) => kind switch
    {
        RegisterKind.Aup or RegisterKind.Policy => Role.SeniorManager,
        RegisterKind.Filtering => Role.Technician,
        _ => Role.EsafetyOfficer,
    };

    public static bool HasCycle(RegisterKind kind) => kind != RegisterKind.OfficerAppointment;

    public static string NewItemId(RegisterKind kind) => Prefix(kind) + "-" + Guid.NewGuid().ToString("N")[..12];

    public static string Prefix(RegisterKind kind) => kind switch
    {
        RegisterKind.OfficerAppointment => "officer",
        RegisterKind.Aup => "aup",
        RegisterKind.Policy => "policy",
        RegisterKind.Technology => "tech",
        RegisterKind.Filtering => "filtering",
        _ => "training",
    };

    public static bool IsWellFormedItemId(string? itemId) =>
        !string.IsNullOrEmpty(itemId) && itemId.Length <= 64 && itemId.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    /// <summary>
    /// A new technology: every AUP is flagged for review, and every AUP not yet covering it is due at once (the standard's
    /// "sooner in response to new technologies"); the earlier of its current due date and today.
    /// </summary>
    public static RegisterItem FlagAupForNewTechnology(RegisterItem aup, string technologyTitle, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(aup);
        if (aup.Aup is null)
        {
            return aup;
        }

        DateOnly due = aup.NextReviewDue is { } current && current < today ? current : today;
        return aup with { Aup = aup.Aup with { FlaggedForReview = "New technology: " + technologyTitle }, NextReviewDue = due };
    }
}

/// <summary>A register item would grow past what its record can hold (many long reviews): refused with a clear 422.</summary>
public sealed class RegisterItemTooLargeException : Exception
{
    public RegisterItemTooLargeException()
    {
    }

    public RegisterItemTooLargeException(string message)
        : base(message)
    {
    }

    public RegisterItemTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
