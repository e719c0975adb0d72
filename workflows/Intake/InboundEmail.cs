using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Workflows.Intake;

/// <summary>
/// An email sent to an agency's incident mailbox, however it arrived (SendGrid Inbound Parse in Azure, the local
/// SMTP listener on one machine). <see cref="Raw"/> is the message exactly as received, kept as the record.
/// </summary>
/// <param name="SenderVerified">The sending domain vouched for the From address (SPF or DKIM passed). A From header
/// alone proves nothing: an unverified message from a known address still goes to the unverified queue.</param>
public sealed record InboundEmail(
    string Channel,
    string From,
    IReadOnlyList<string> To,
    string Subject,
    string Text,
    ReadOnlyMemory<byte> Raw,
    IReadOnlyList<InboundAttachment> Attachments,
    bool SenderVerified);

public sealed record InboundAttachment(string FileName, string ContentType, ReadOnlyMemory<byte> Content);

public static class InboundChannels
{
    public const string SendGrid = "sendgrid";
    public const string Smtp = "smtp";
}

/// <summary>Port: the restricted blob stores for emailed reports: raw messages, and attachments in quarantine.</summary>
public interface IMailArchive
{
    Task<StoredBlob> SaveRawAsync(string agencyId, string messageId, ReadOnlyMemory<byte> raw, CancellationToken cancellationToken);

    Task<StoredBlob> QuarantineAttachmentAsync(string agencyId, string messageId, int index, InboundAttachment attachment, CancellationToken cancellationToken);
}

/// <summary>An emailed report from someone the directory does not know: kept until the officer accepts or dismisses it.</summary>
public sealed record UnverifiedReport(
    string ReportId,
    string AgencyId,
    DateTimeOffset ReceivedAt,
    string From,
    string Subject,
    string Text,
    StoredBlob RawMessage,
    IReadOnlyList<StoredBlob> Attachments,
    UnverifiedReportState State,
    string? DecidedBy = null,
    string? Reason = null,
    string? IncidentId = null);

public enum UnverifiedReportState
{
    Waiting,
    Accepted,
    Dismissed,
}

/// <summary>Port: the unverified-reports queue of each agency.</summary>
public interface IUnverifiedReports
{
    Task SaveAsync(UnverifiedReport report, CancellationToken cancellationToken);

    Task<UnverifiedReport?> GetAsync(string agencyId, string reportId, CancellationToken cancellationToken);

    /// <summary>
    /// Records the decision on a waiting report, unless it is no longer waiting or someone decided it at the same
    /// moment: then nothing changes and null is returned. Of two officers deciding at once, exactly one wins.
    /// </summary>
    Task<UnverifiedReport?> DecideAsync(string agencyId, string reportId, Func<UnverifiedReport, UnverifiedReport> decision, CancellationToken cancellationToken);

    Task<IReadOnlyList<UnverifiedReport>> ListAsync(string agencyId, UnverifiedReportState? state, CancellationToken cancellationToken);
}
