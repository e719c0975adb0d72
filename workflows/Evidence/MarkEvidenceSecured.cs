using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Tasks;

namespace EsafetyServerless.Workflows.Evidence;

/// <summary>
/// The technician (or the e-safety officer) records that the evidence is secured: the response's "secure the
/// evidence" task is done, with what the register holds at that moment. Only once something is on the register —
/// a held item, a file — since that record is what securing means. A custody entry, and an action on the incident.
/// </summary>
public sealed class MarkEvidenceSecured(IIncidentStore incidents, EvidenceUploads register, ITaskStore tasks, CustodyRecorder custody, TimeProvider timeProvider) : IUseCase
{
    /// <summary>The response's securing task for an incident (opened with the plan when evidence must be secured).</summary>
    public static string TaskIdFor(string incidentId) => incidentId + "-secure-evidence";

    public async Task<Outcome<WorkTask>> ExecuteAsync(Actor actor, string incidentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Outcome<Incident> found = await EvidencePermissions.FindToHandleAsync(incidents, actor, incidentId, cancellationToken);
        if (found.Failure is { } refused)
        {
            return refused;
        }

        Incident incident = found.Value;

        WorkTask? task = await tasks.FindAsync(incident.AgencyId, TaskIdFor(incident.IncidentId), cancellationToken);
        if (task is null)
        {
            return Outcome.Conflict("Nothing to secure", "This incident's response did not ask for its evidence to be secured.");
        }

        if (task.State == WorkTaskState.Done)
        {
            return Outcome.Conflict("Already secured", "Someone has already recorded that this incident's evidence is secured.");
        }

        IReadOnlyList<EvidenceItem> items = [.. (await register.ListAsync(incident, cancellationToken)).Where(i => i.File is not null || i.Held is not null)];
        if (items.Count == 0)
        {
            return Outcome.Invalid("secured", "Record what you secured first: a held item (the device, with where it is kept) or a file");
        }

        DateTimeOffset now = timeProvider.GetUtcNow();
        string summary = "Evidence secured: " + string.Join("; ", items.Select(i => i.Title));
        bool completedNow = false;
        WorkTask? updated = await tasks.UpdateAsync(incident.AgencyId, task.TaskId, t =>
        {
            // Checked again on the version being changed: of two people marking it at once, only the first counts.
            completedNow = t.State != WorkTaskState.Done;
            return completedNow ? t with { State = WorkTaskState.Done, Completion = new TaskCompletion(actor.PersonId, now, summary) } : t;
        }, cancellationToken);
        if (!completedNow || updated is null)
        {
            return Outcome.Conflict("Already secured", "Someone has already recorded that this incident's evidence is secured.");
        }

        await custody.RecordAsync(actor, incident, CustodyActions.Secured, incident.IncidentId, items.Count + (items.Count == 1 ? " item" : " items") + " on the register");
        await incidents.UpdateAsync(incident.IncidentId, current => current with
        {
            Actions = [.. current.Actions, new IncidentAction(summary, actor.PersonId, now)],
        }, CancellationToken.None);
        return updated;
    }
}
