using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Tasks;

namespace EsafetyServerless.Workflows.Response;

/// <summary>A serious incident's post-incident review, as the senior manager or an e-safety officer sees it.</summary>
/// <param name="Task">The review's task: when it is due, who holds it.</param>
/// <param name="People">The agency's people, to name who holds and who completed it, and to choose an officer to delegate to.</param>
public sealed record PostIncidentReviewCase(Incident Incident, WorkTask Task, IReadOnlyList<Person> People, bool MayComplete, bool MayDelegate)
{
    /// <summary>Who the review can be delegated to: the agency's e-safety officers.</summary>
    public IEnumerable<Person> Officers => this.People.Where(p => p.ActsAs(Role.EsafetyOfficer));

    public string NameOf(string personId) => this.People.FirstOrDefault(p => p.PersonId == personId)?.DisplayName ?? personId;
}

/// <summary>
/// Opens a serious incident's post-incident review: its task, who holds it and, once completed, the record.
/// Every read is audited.
/// </summary>
public sealed class ReadPostIncidentReview(IIncidentStore incidents, ITaskStore tasks, IPeopleDirectory directory, AuditRecorder audit) : IUseCase
{
    public async Task<Outcome<PostIncidentReviewCase>> ExecuteAsync(Actor actor, string incidentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Outcome<(Incident Incident, WorkTask Task)> found = await FindAsync(incidents, tasks, actor, incidentId, cancellationToken);
        if (found.Failure is { } failure)
        {
            return failure;
        }

        (Incident incident, WorkTask task) = found.Value;
        await audit.RecordAsync(actor, incident.AgencyId, AuditActions.Read, incident.IncidentId, "policy-review-page");
        IReadOnlyList<Person> people = await directory.ListPeopleAsync(incident.AgencyId, cancellationToken);
        return new PostIncidentReviewCase(incident, task, people, PostIncidentReviewPermissions.MayComplete(actor, task), PostIncidentReviewPermissions.MayDelegate(actor, task));
    }

    /// <summary>The incident and its review task, if the actor may see the review: what every action on the review starts from.</summary>
    internal static async Task<Outcome<(Incident Incident, WorkTask Task)>> FindAsync(
        IIncidentStore incidents, ITaskStore tasks, Actor actor, string incidentId, CancellationToken cancellationToken)
    {
        Incident? incident = await incidents.FindAsync(incidentId, cancellationToken);
        if (incident is null)
        {
            return IncidentPermissions.NotFound();
        }

        if (PostIncidentReviewPermissions.ToSee(actor, incident) is { } denied)
        {
            return denied;
        }

        WorkTask? task = await tasks.FindAsync(incident.AgencyId, OpenPostIncidentReview.TaskIdFor(incident.IncidentId), cancellationToken);
        return task is null ? PostIncidentReviewPermissions.NoReview() : (incident, task);
    }
}
