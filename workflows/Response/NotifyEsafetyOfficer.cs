using System.Globalization;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Notifications;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.DurableTask;

namespace EsafetyServerless.Workflows.Response;

/// <summary>
/// Emails the agency's e-safety officer(s) that an incident was reported — reference, how it arrived and a link,
/// nothing about the children — and records that in the incident's actions. Each officer's notice goes through the
/// incident's outbox (id <c>officer-notice/{person}</c>), so a retried or re-run step never sends it twice, and an email
/// failure never fails the step: the report says what is left for the workflow to retry or to alert about.
/// </summary>
public sealed class NotifyEsafetyOfficer(
    IIncidentStore incidents, IPeopleDirectory directory, NoticeDelivery notices, AppLinks links, TimeProvider timeProvider)
    : TaskActivity<IncidentRef, OfficerNotified>
{
    public const string NotifiedByEmail = "E-safety officer notified by email";

    public override async Task<OfficerNotified> RunAsync(TaskActivityContext context, IncidentRef input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Incident incident = await incidents.FindAsync(input.IncidentId, CancellationToken.None)
            ?? throw new InvalidOperationException("The incident does not exist: " + input.IncidentId);
        Agency? agency = await directory.GetAgencyAsync(incident.AgencyId, CancellationToken.None);
        List<Person> officers = (await directory.ListPeopleAsync(incident.AgencyId, CancellationToken.None))
            .Where(p => p.ActsAs(Role.EsafetyOfficer)).ToList();

        // Sent before the outbox existed (a workflow started then and run again now): not sent twice.
        bool notifiedBefore = incident.Actions.Any(a => a.TakenBy == IncidentAction.SystemActor && a.Description.StartsWith(NotifiedByEmail, StringComparison.Ordinal));
        List<Notice> owed = notifiedBefore ? [] : [.. officers.Select(o => new Notice("officer-notice/" + o.PersonId, this.Compose(incident, agency, o)))];
        NoticeReport report = await notices.SendAsync(incident.IncidentId, owed, CancellationToken.None);

        string description = officers.Count == 0
            ? "No e-safety officer is recorded for the agency: nobody could be notified. Ask the board administrator to appoint one."
            : NotifiedByEmail + ": " + string.Join(", ", officers.Select(o => o.DisplayName));
        if (!incident.Actions.Any(a => a.TakenBy == IncidentAction.SystemActor && a.Description == description))
        {
            await incidents.AddActionAsync(incident.IncidentId, new IncidentAction(description, IncidentAction.SystemActor, timeProvider.GetUtcNow()), CancellationToken.None);
        }

        // Working hours are counted here, not in the orchestrator: a new holiday list must not move a timer on replay.
        DateTimeOffset fourWorkingHours = new WorkingCalendar().AddWorkingHours(timeProvider.GetUtcNow(), TimeSpan.FromHours(4));
        return new OfficerNotified(officers.Count, incident.Status == IncidentStatus.AwaitingTriage, fourWorkingHours, report);
    }

    OutgoingEmail Compose(Incident incident, Agency? agency, Person officer)
    {
        string source = incident.Source == IncidentSource.Email ? "by email, and needs your triage" : "through the reporting form";
        string text = string.Create(CultureInfo.InvariantCulture, $"""
            Dear {officer.DisplayName},

            A new e-safety incident has been reported {source} at {agency?.Name ?? incident.AgencyId}.

            Reference: {incident.Reference}
            Reported: {UkTime.InEmail(incident.SubmittedAt)}

            Open the incident (you will be asked to sign in):
            {links.To("/incidents/" + incident.IncidentId)}

            This message deliberately contains no details about the people involved.
            """);
        return new OutgoingEmail(officer.Email, $"New e-safety incident {incident.Reference}", text);
    }
}
