using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Orchestration;
using EsafetyServerless.Workflows.Registers;
using EsafetyServerless.Workflows.Tasks;

namespace EsafetyServerless.Workflows.Reviews;

/// <summary>
/// Records a completed review (issues identified, actions with who is responsible, stakeholders consulted, the date:
/// docs/domain.md, "Requirements"). The record is stored first, with the next review due 12 months on (which moves
/// the item in the due index); then the cycle's task is closed and its <see cref="RegisterReview"/> workflow told, so
/// it stops chasing. The item's owner, the senior manager or the person the review was delegated to records it.
/// </summary>
public sealed class CompleteRegisterReview(
    IRegisterStore registers, ITaskStore tasks, IPeopleDirectory directory, AuditRecorder audit, IWorkflowSignals workflows, TimeProvider timeProvider) : IUseCase
{
    public async Task<Outcome<RegisterItem>> ExecuteAsync(Actor actor, string agencyId, string itemId, ReviewDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(draft);
        if (RegisterPermissions.ToUse(actor, agencyId) is { } denied)
        {
            return denied;
        }

        RegisterItem? item = await registers.FindAsync(agencyId, itemId, cancellationToken);
        if (item is null)
        {
            return RegisterPermissions.NotFound();
        }

        // Only someone who does not own the review by role needs the task that may have been delegated to them.
        WorkTask? cycleTask = RegisterPermissions.OwnsReview(actor, item) ? null : await ReadRegisterItem.CycleTaskAsync(tasks, item, cancellationToken);
        if (RegisterPermissions.ToReview(actor, item, cycleTask) is { } refused)
        {
            return refused;
        }

        // A JSON body may leave the lists out (or send null): none given is an empty list.
        draft = draft with { IssuesIdentified = draft.IssuesIdentified ?? [], Actions = draft.Actions ?? [], StakeholdersConsulted = draft.StakeholdersConsulted ?? [] };
        DateTimeOffset now = timeProvider.GetUtcNow();
        DateOnly today = DateOnly.FromDateTime(now.UtcDateTime);
        FieldErrors errors = new();
        if (!ReviewRules.Validate(item, draft, today, await CreateRegisterItem.AgencyPeopleAsync(directory, agencyId, cancellationToken), errors))
        {
            return Outcome.Invalid(errors);
        }

        DateOnly? cycleDue = item.NextReviewDue;
        string reviewId = "rev-" + Guid.NewGuid().ToString("N")[..12];
        RegisterItem? reviewed = await registers.UpdateAsync(agencyId, item.ItemId, i => ReviewRules.Complete(i, draft, reviewId, actor.PersonId, today, now), cancellationToken);
        if (reviewed is null)
        {
            return RegisterPermissions.NotFound();
        }

        if (cycleDue is { } due)
        {
            await tasks.UpdateAsync(agencyId, ReviewInstances.TaskIdFor(item.ItemId, due),
                t => t.State == WorkTaskState.Done ? t : t with { State = WorkTaskState.Done, Completion = new TaskCompletion(actor.PersonId, now, "Review " + reviewId) },
                cancellationToken);
            string instanceId = ReviewInstances.IdFor(agencyId, item.ItemId, due);
            if (await workflows.FindAsync(instanceId, withOutput: false, cancellationToken) is { Status: WorkflowRuntimeStatus.Running })
            {
                await workflows.RaiseAsync(instanceId, RegisterReview.ReviewCompletedEvent, new ReviewCompleted(reviewId, actor.PersonId, reviewed.NextReviewDue!.Value), cancellationToken);
            }
        }

        await audit.RecordAsync(actor, agencyId, AuditActions.Change, item.ItemId, "review " + reviewId);
        return reviewed;
    }
}
