using EsafetyServerless.Workflows.Platform;
using System.Globalization;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Notifications;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.DurableTask;

namespace EsafetyServerless.Workflows.Response;

/// <summary>
/// Chases an emailed report nobody has triaged: first a reminder to the e-safety officer(s), then the senior
/// manager is told (and the officers copied). Each step is recorded on the incident. Links and references only. Each
/// email goes through the incident's outbox (<c>triage-reminder/{person}</c>, <c>triage-escalated/{person}</c>): sent
/// once however often the step runs, and a mail failure is left for the workflow to retry.
/// </summary>
public sealed class ChaseTriage(IIncidentStore incidents, IPeopleDirectory directory, NoticeDelivery notices, AppLinks links, TimeProvider timeProvider)
    : TaskActivity<TriageChase, TriageChased>
{
    public override async Task<TriageChased> RunAsync(TaskActivityContext context, TriageChase input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Incident incident = await incidents.FindAsync(input.IncidentId, CancellationToken.None)
            ?? throw new InvalidOperationException("The incident does not exist: " + input.IncidentId);
        if (incident.Status != IncidentStatus.AwaitingTriage)
        {
            return new TriageChased(AwaitingTriage: false);
        }

        if (input.Stage == TriageChaseStage.CheckOnly)
        {
            return new TriageChased(AwaitingTriage: true);
        }

        IReadOnlyList<Person> people = await directory.ListPeopleAsync(incident.AgencyId, CancellationToken.None);
        bool escalate = input.Stage == TriageChaseStage.EscalatedToSeniorManager;
        List<Person> recipients = people.Where(p => p.ActsAs(Role.EsafetyOfficer) || (escalate && p.ActsAs(Role.SeniorManager))).ToList();
        string link = links.To("/incidents/" + incident.IncidentId);
        string subject = escalate
            ? $"Untriaged e-safety incident {incident.Reference}: senior manager informed"
            : $"Reminder: e-safety incident {incident.Reference} is waiting for triage";
        List<Notice> owed = [];
        foreach (Person person in recipients)
        {
            string text = string.Create(CultureInfo.InvariantCulture, $"""
                Dear {person.DisplayName},

                The e-safety incident {incident.Reference}, reported by email at {UkTime.InEmail(incident.SubmittedAt)}, has not been triaged yet.
                {(escalate ? "As it has waited more than four working hours, the senior manager has been told." : "Please answer the flowchart's questions so the right people are told.")}

                {link}
                """);
            owed.Add(new Notice((escalate ? "triage-escalated/" : "triage-reminder/") + person.PersonId, new OutgoingEmail(person.Email, subject, text)));
        }

        NoticeReport report = await notices.SendAsync(incident.IncidentId, owed, CancellationToken.None);

        string description = escalate
            ? "Not triaged within four working hours: senior manager told by email"
            : "Not triaged within an hour: e-safety officer reminded by email";
        if (!incident.Actions.Any(a => a.TakenBy == IncidentAction.SystemActor && a.Description == description))
        {
            await incidents.AddActionAsync(incident.IncidentId, new IncidentAction(description, IncidentAction.SystemActor, timeProvider.GetUtcNow()), CancellationToken.None);
        }

        return new TriageChased(AwaitingTriage: true, report);
    }
}
