using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Intake;

/// <summary>
/// The e-safety officer accepts an unknown sender's email as an incident: it is reported by the officer, awaits
/// triage like any emailed report, and records that it came from an unverified sender. Stored, audited and its
/// response workflow started through <see cref="IncidentSubmission"/>.
/// </summary>
public sealed class AcceptUnverifiedReport(IUnverifiedReports reports, IncidentSubmission submission, TimeProvider timeProvider) : IUseCase
{
    public async Task<Outcome<Incident>> ExecuteAsync(Actor actor, string reportId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (UnverifiedReportPermissions.ToDecide(actor) is { } denied)
        {
            return denied;
        }

        Outcome<UnverifiedReportDecision.Claim> claimed = await UnverifiedReportDecision.ClaimAsync(reports, actor, reportId, UnverifiedReportState.Accepted, null, cancellationToken);
        if (claimed.Failure is { } failure)
        {
            return failure;
        }

        UnverifiedReport report = claimed.Value.Waiting;
        DateTimeOffset now = timeProvider.GetUtcNow();
        Incident incident = EmailedIncidents.Create(
            actor.AgencyId, actor.PersonId, now, report.ReceivedAt, "Subject: " + report.Subject + "\n\n" + report.Text,
            new EmailRecord(report.From, report.Subject, report.RawMessage, report.Attachments),
            [new IncidentAction($"Accepted from an unverified email sender ({report.From})", actor.PersonId, now)]);
        IncidentSaved saved;
        try
        {
            // Keyed by the report, so accepting it again after a failure finds the same incident.
            saved = await submission.SubmitAsync(incident, "accept-" + report.ReportId, actor, "accepted " + report.ReportId, cancellationToken);
        }
        catch
        {
            // Put the report back in the queue rather than leave it accepted with no incident.
            await reports.SaveAsync(report, CancellationToken.None);
            throw;
        }

        await reports.SaveAsync(claimed.Value.Decided with { IncidentId = saved.Incident.IncidentId }, cancellationToken);
        return saved.Incident;
    }
}
