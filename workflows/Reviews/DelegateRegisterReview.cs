using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Registers;
using EsafetyServerless.Workflows.Tasks;

namespace EsafetyServerless.Workflows.Reviews;

/// <param name="DelegateTo">The person id of whom the review is handed to.</param>
public sealed record DelegationDraft(string? DelegateTo, string? Reason);

/// <summary>
/// Hands the item's open review to another person of the agency, recorded on the cycle's task (who, to whom, when and
/// why); the workflow then chases the delegate. The senior manager, or whoever holds the review now, may delegate it.
/// </summary>
public sealed class DelegateRegisterReview(IRegisterStore registers, ITaskStore tasks, IPeopleDirectory directory, AuditRecorder audit, TimeProvider timeProvider) : IUseCase
{
    public const string NoOpenReview = "This item has no open review to delegate";

    public async Task<Outcome<WorkTask>> ExecuteAsync(Actor actor, string agencyId, string itemId, DelegationDraft draft, CancellationToken cancellationToken)
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

        WorkTask? task = await ReadRegisterItem.CycleTaskAsync(tasks, item, cancellationToken);
        if (RegisterPermissions.ToSee(actor, item, task) is { } hidden)
        {
            return hidden;
        }

        if (item.NextReviewDue is null)
        {
            return Outcome.NotFound("There is no register item with a review cycle with that id in this agency.");
        }

        if (task is null || task.State != WorkTaskState.Open)
        {
            return Outcome.Invalid("itemId", NoOpenReview);
        }

        if (!RegisterPermissions.MayDelegate(task, actor))
        {
            return Outcome.Forbidden(RegisterPermissions.DelegateRefusal);
        }

        // Looked up only when it could be a person id: an over-long value would otherwise reach storage as a key.
        string toPersonId = draft.DelegateTo ?? string.Empty;
        Person? to = toPersonId.Length is 0 or > 128 ? null : await directory.GetPersonAsync(toPersonId, cancellationToken);
        if (to is null || !RegisterPermissions.MayReceiveDelegation(to, agencyId))
        {
            return Outcome.Invalid("delegateTo", "Choose a person in this agency");
        }

        if (draft.Reason is { Length: > ReviewRules.MaxText })
        {
            return Outcome.Invalid("reason", "Give a reason of at most 1000 characters");
        }

        DateTimeOffset now = timeProvider.GetUtcNow();
        WorkTask? delegated = await tasks.UpdateAsync(agencyId, task.TaskId, t => ReviewRules.Delegate(t, actor.Person, to, draft.Reason, now), cancellationToken);
        if (delegated is null)
        {
            return Outcome.Invalid("itemId", NoOpenReview);
        }

        await audit.RecordAsync(actor, agencyId, AuditActions.Change, delegated.TaskId, "delegated to " + delegated.AssigneePersonId);
        return delegated;
    }
}
