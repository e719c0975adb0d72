using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Tasks;

namespace EsafetyServerless.Workflows.Incidents;

/// <summary>
/// One incident, as the person asking may see it: the agency's e-safety officer and senior manager see the whole
/// record with its tasks; a reporter sees what they reported, not the officer's actions, referrals or conclusion
/// (which may concern a colleague). Every read is audited.
/// </summary>
public sealed class ReadIncident(IIncidentStore store, ITaskStore tasks, IPeopleDirectory directory, AuditRecorder audit) : IUseCase
{
    /// <param name="view">Where it is read ("page", "print"), for the audit entry; null for the API.</param>
    public async Task<Outcome<IncidentCase>> ExecuteAsync(Actor actor, string incidentId, string? view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Outcome<Incident> found = await IncidentPermissions.FindToReadAsync(store, actor, incidentId, cancellationToken);
        if (found.Failure is { } refused)
        {
            return refused;
        }

        Incident incident = found.Value;

        await audit.RecordAsync(actor, incident.AgencyId, AuditActions.Read, incident.IncidentId, view);
        Person? reporter = await directory.GetPersonAsync(incident.ReportedBy, cancellationToken);
        if (!IncidentPermissions.KeepsTheLog(actor, incident.AgencyId))
        {
            return new IncidentCase(ForReporter(incident), FullRecord: false, [], reporter);
        }

        IReadOnlyList<WorkTask> incidentTasks = await tasks.ListForSubjectAsync(incident.AgencyId, incident.IncidentId, cancellationToken);
        return new IncidentCase(incident, FullRecord: true, incidentTasks, reporter);
    }

    /// <summary>What a reporter who does not keep the log sees of their own report.</summary>
    public static Incident ForReporter(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return incident with { RedactedStatus = incident.Status, Actions = [], Plan = null, Conclusion = null, Conclusions = [], Amendments = [], Outcome = null, PostIncidentReview = null };
    }
}

/// <summary>An incident as read by one person.</summary>
/// <param name="FullRecord">False for a reporter who does not keep the log: <see cref="Incident"/> is then what they reported only.</param>
/// <param name="Tasks">The tasks opened for this incident (referrals to make, evidence to secure, the policy review).</param>
/// <param name="Reporter">The reporter from the directory (null if they have been removed from it).</param>
public sealed record IncidentCase(Incident Incident, bool FullRecord, IReadOnlyList<WorkTask> Tasks, Person? Reporter);
