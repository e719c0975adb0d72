using System.Globalization;
using System.Security.Cryptography;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Notifications;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Intake;

/// <summary>
/// An email arrives at an agency's incident mailbox, whichever way (SendGrid Inbound Parse, the local SMTP listener).
/// The raw message is kept (with its SHA-256) before anything else and attachments of recognised types go to
/// quarantine; a known member of the agency, whose domain vouched for the From address, gets an incident awaiting
/// triage and an automatic reply with the reference; anyone else's message becomes an unverified report for the
/// e-safety officer. Nothing is dropped: mail for no known mailbox goes to the board's own queue. No one is signed in:
/// the webhook and the listener authenticate the delivery, and the sender is who the directory says they are or unknown.
/// </summary>
public sealed class AcceptInboundEmail(
    IPeopleDirectory directory, IMailArchive archive, IUnverifiedReports unverified, IncidentSubmission submission,
    IEmailSender email, AuditRecorder audit, TimeProvider timeProvider) : IUseCase
{
    const int MaxAttachments = 20;

    public async Task<Outcome<EmailReceipt>> ExecuteAsync(InboundEmail message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        IReadOnlyList<Agency> agencies = await directory.ListAgenciesAsync(cancellationToken);
        // An archived agency takes no new reports: its mail is held for the board like mail to no agency.
        Agency? agency = agencies.Where(a => !a.Archived).FirstOrDefault(a => message.To.Any(to => string.Equals(to.Trim(), a.IntakeAddress, StringComparison.OrdinalIgnoreCase)));
        string agencyId = agency?.AgencyId ?? Agency.BoardId;

        // The same message delivered twice (a webhook retry) has the same bytes, so the same id: stored once.
        string digest = Convert.ToHexStringLower(SHA256.HashData(message.Raw.Span));
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
        string from = EmailedIncidents.Clip(message.From, EmailedIncidents.FromMaxLength);
        string subject = EmailedIncidents.Clip(EmailedIncidents.Clean(message.Subject), EmailedIncidents.SubjectMaxLength);

        // A From header proves nothing on its own: only a sender whose domain vouched for it (SPF or DKIM) is trusted.
        Person? sender = agency is null || !message.SenderVerified ? null : (await directory.ListPeopleAsync(agency.AgencyId, cancellationToken))
            .FirstOrDefault(p => string.Equals(p.Email, message.From, StringComparison.OrdinalIgnoreCase));
        if (agency is null || sender is null)
        {
            UnverifiedReport report = new("unv-" + digest[..24], agencyId, now, from, subject,
                EmailedIncidents.Clip(EmailedIncidents.Clean(message.Text), IncidentValidation.DescriptionMaxLength), raw, attachments, UnverifiedReportState.Waiting);
            if (await unverified.GetAsync(agencyId, report.ReportId, cancellationToken) is null)
            {
                await unverified.SaveAsync(report, cancellationToken);
                await audit.RecordForUnknownSenderAsync(agencyId, message.Channel, AuditActions.Create, report.ReportId, "unverified email report");
            }

            return new EmailReceipt(agencyId, null, report.ReportId);
        }

        Incident incident = EmailedIncidents.Create(agency.AgencyId, sender.PersonId, now, now, EmailedIncidents.Description(message.Subject, message.Text),
            new EmailRecord(from, subject, raw, attachments), []);
        // The sender reports it, acting from the channel it came through; the message id makes a redelivery a no-op.
        IncidentSaved saved = await submission.SubmitAsync(incident, messageId, new Actor(sender, message.Channel), "source=email", cancellationToken);
        if (saved.Created)
        {
            await email.SendAsync(AutoReply(sender, agency, saved.Incident), cancellationToken);
        }

        return new EmailReceipt(agency.AgencyId, saved.Incident.IncidentId, null);
    }

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
}

/// <summary>Where an inbound email went.</summary>
/// <param name="IncidentId">Set when a known, verified member of the agency sent it.</param>
/// <param name="UnverifiedReportId">Set when the sender is unknown or unverified (or the mailbox is unknown).</param>
public sealed record EmailReceipt(string AgencyId, string? IncidentId, string? UnverifiedReportId);
