using System.Globalization;
using System.Text;
using EsafetyServerless.Http.Incidents;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Intake;
using EsafetyServerless.Workflows.Notifications;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Orchestration;

namespace EsafetyServerless.Http.Intake;

/// <summary>
/// What happens to an email sent to an agency's incident mailbox, whichever way it arrived. The raw message is
/// kept (with its SHA-256) before anything else; a known member of the agency gets an incident awaiting triage and
/// an automatic reply with the reference; anyone else's message becomes an unverified report for the e-safety
/// officer, and so does a message whose sender SPF and DKIM did not verify. Nothing is dropped: mail for no known
/// mailbox goes to the board's own queue.
/// </summary>
public sealed class EmailIntake(
    IPeopleDirectory directory, IIncidentStore incidents, IMailArchive archive, IUnverifiedReports unverified,
    IEmailSender email, IAuditTrail audit, TimeProvider timeProvider)
{
    const int MaxAttachments = 20;
    public const string UnknownSender = "unknown-sender";

    public async Task<EmailIntakeResult> AcceptAsync(InboundEmail message, IWorkflowSignals signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        IReadOnlyList<Agency> agencies = await directory.ListAgenciesAsync(cancellationToken);
        Agency? agency = agencies.FirstOrDefault(a => message.To.Any(to => string.Equals(to.Trim(), a.IntakeAddress, StringComparison.OrdinalIgnoreCase)));
        string agencyId = agency?.AgencyId ?? Agency.BoardId;

        // The same message delivered twice (a webhook retry) has the same bytes, so the same id: stored once.
        string digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(message.Raw.Span));
        string messageId = "mail-" + digest[..32];
        StoredBlob raw = await archive.SaveRawAsync(agencyId, messageId, message.Raw, cancellationToken);
        List<StoredBlob> attachments = [];
        int index = 0;
        foreach (InboundAttachment attachment in message.Attachments.Take(MaxAttachments))
        {
            if (AttachmentTypes.IsAllowed(attachment.Content.Span))
            {
                attachments.Add(await archive.QuarantineAttachmentAsync(agencyId, messageId, index, attachment, cancellationToken));
            }

            index++;
        }

        DateTimeOffset now = timeProvider.GetUtcNow();
        // A From header proves nothing on its own: only a sender whose domain vouched for it (SPF or DKIM) is trusted.
        Person? sender = agency is null || !message.SenderVerified ? null : (await directory.ListPeopleAsync(agency.AgencyId, cancellationToken))
            .FirstOrDefault(p => string.Equals(p.Email, message.From, StringComparison.OrdinalIgnoreCase));
        if (agency is null || sender is null)
        {
            UnverifiedReport report = new("unv-" + digest[..24], agencyId, now, Clip(message.From, 320), Clip(Clean(message.Subject), 500),
                Clip(Clean(message.Text), IncidentValidation.DescriptionMaxLength), raw, attachments, UnverifiedReportState.Waiting);
            if (await unverified.GetAsync(agencyId, report.ReportId, cancellationToken) is null)
            {
                await unverified.SaveAsync(report, cancellationToken);
                await audit.AppendAsync(new AuditEvent(agencyId, UnknownSender, UnknownSender, AuditActions.Create, report.ReportId, message.Channel, "unverified email report"), cancellationToken);
            }

            return new EmailIntakeResult(agencyId, null, report.ReportId);
        }

        Incident incident = EmailedIncident(agency.AgencyId, sender.PersonId, now, now, Description(message),
            new EmailRecord(Clip(message.From, 320), Clip(Clean(message.Subject), 500), raw, attachments), []);
        IncidentSaved saved = await incidents.CreateAsync(incident, messageId, cancellationToken);
        if (saved.Created)
        {
            await audit.AppendAsync(new AuditEvent(agency.AgencyId, sender.PersonId, sender.Role.ToString(), AuditActions.Create, saved.Incident.IncidentId, message.Channel, "source=email"), cancellationToken);
            await email.SendAsync(AutoReply(sender, agency, saved.Incident), cancellationToken);
        }

        await IncidentIntake.EnsureResponseStartedAsync(signals, saved.Incident.IncidentId, cancellationToken);
        return new EmailIntakeResult(agency.AgencyId, saved.Incident.IncidentId, null);
    }

    /// <summary>
    /// An incident reported by email: it waits for the officer's triage, since an email cannot answer the
    /// flowchart's questions, and it keeps where its raw message and attachments are.
    /// </summary>
    public static Incident EmailedIncident(
        string agencyId, string reportedBy, DateTimeOffset submittedAt, DateTimeOffset occurredAt, string description, EmailRecord email, IReadOnlyList<IncidentAction> actions) => new()
    {
        IncidentId = IncidentIds.NewId(submittedAt),
        AgencyId = agencyId,
        Reference = string.Empty,
        Status = IncidentStatus.AwaitingTriage,
        Source = IncidentSource.Email,
        SubmittedAt = submittedAt,
        ReportedBy = reportedBy,
        Report = new IncidentReport(occurredAt, description, HowIdentified.Other, null, [], Concerns: null),
        Email = email,
        Actions = actions,
    };

    static OutgoingEmail AutoReply(Person sender, Agency agency, Incident incident) => new(
        sender.Email,
        $"We have your e-safety report: {incident.Reference}",
        string.Create(CultureInfo.InvariantCulture, $"""
            Dear {sender.DisplayName},

            Thank you. Your report to {agency.Name} has been recorded with the reference {incident.Reference}.
            Your e-safety officer has been told and will look at it as soon as possible.

            Do not forward or attach images of children. Do not delete anything on the device involved.
            If a child is in immediate danger, call 999.
            """));

    static string Description(InboundEmail message)
    {
        string text = "Subject: " + Clean(message.Subject) + "\n\n" + Clean(message.Text);
        const string Note = "\n\n[Shortened here; the full message is kept with the incident.]";
        return text.Length <= IncidentValidation.DescriptionMaxLength ? text : text[..(IncidentValidation.DescriptionMaxLength - Note.Length)] + Note;
    }

    /// <summary>Keeps line breaks and tabs, drops other control characters (the raw message keeps everything).</summary>
    static string Clean(string value)
    {
        StringBuilder cleaned = new(value.Length);
        foreach (char c in value)
        {
            if (!char.IsControl(c) || c is '\n' or '\r' or '\t')
            {
                cleaned.Append(c);
            }
        }

        return cleaned.ToString();
    }

    static string Clip(string value, int length) => value.Length <= length ? value : value[..length];
}

/// <param name="IncidentId">Set when a known member of the agency sent it.</param>
/// <param name="UnverifiedReportId">Set when the sender is unknown (or the mailbox is).</param>
public sealed record EmailIntakeResult(string AgencyId, string? IncidentId, string? UnverifiedReportId);
