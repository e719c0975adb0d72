using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Tasks;

namespace EsafetyServerless.Workflows.Response;

/// <param name="PersonId">One of the agency's e-safety officers.</param>
/// <param name="Reason">Why, for the record (optional).</param>
public sealed record PostIncidentReviewDelegationDraft(string? PersonId, string? Reason);

/// <summary>
/// The senior manager delegates the post-incident review to one of the agency's e-safety officers, who then holds
/// its task and may complete it; the senior manager stays accountable and keeps seeing the task.
/// </summary>
public sealed class DelegatePostIncidentReview(IIncidentStore incidents, ITaskStore tasks, IPeopleDirectory directory, AuditRecorder audit, TimeProvider timeProvider) : IUseCase
{
    public const int ReasonMaxLength = 500;
    const string ChooseAnOfficer = "Choose one of the agency's e-safety officers";

    public async Task<Outcome<WorkTask>> ExecuteAsync(Actor actor, string incidentId, PostIncidentReviewDelegationDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(draft);
        Outcome<(Incident Incident, WorkTask Task)> found = await ReadPostIncidentReview.FindAsync(incidents, tasks, actor, incidentId, cancellationToken);
        if (found.Failure is { } failure)
        {
            return failure;
        }

        (Incident incident, WorkTask task) = found.Value;
        if (PostIncidentReviewPermissions.ToDelegate(actor, task) is { } denied)
        {
            return denied;
        }

        if (incident.PostIncidentReview is not null)
        {
            return Outcome.Invalid("personId", "The review has been completed; there is nothing left to delegate");
        }

        FieldErrors errors = new();
        string? personId = TextRules.Required(draft.PersonId, "personId", ChooseAnOfficer, 128, "The person id", errors);
        string? reason = TextRules.Optional(draft.Reason, "reason", ReasonMaxLength, "The reason", errors);
        Person? officer = personId is null ? null : await directory.GetPersonAsync(personId, cancellationToken);
        if (personId is not null && (officer is null || officer.AgencyId != incident.AgencyId || !officer.ActsAs(Role.EsafetyOfficer)))
        {
            errors.Add("personId", ChooseAnOfficer);
        }

        if (errors.Any)
        {
            return Outcome.Invalid(errors);
        }

        DateTimeOffset now = timeProvider.GetUtcNow();
        WorkTask? delegated = await tasks.UpdateAsync(incident.AgencyId, task.TaskId, t => t with
        {
            AssigneePersonId = officer!.PersonId,
            Delegation = new TaskDelegation(actor.PersonId, officer.PersonId, now, reason),
        }, cancellationToken);
        await incidents.AddActionAsync(incident.IncidentId, new IncidentAction("Post-incident policy review delegated to " + officer!.DisplayName, actor.PersonId, now), cancellationToken);
        await audit.RecordAsync(actor, incident.AgencyId, AuditActions.Change, incident.IncidentId, "policy-review-delegated");
        return delegated ?? task;
    }
}
