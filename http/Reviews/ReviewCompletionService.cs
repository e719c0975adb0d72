using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Registers;
using EsafetyServerless.Workflows.Reviews;
using EsafetyServerless.Workflows.Tasks;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Orchestration;

namespace EsafetyServerless.Http.Reviews;

/// <summary>The outcome of completing or delegating a review.</summary>
public sealed record ReviewChange(RegisterItem? Item, WorkTask? Task, FieldErrors Errors, bool NotFound = false, bool Forbidden = false);

/// <summary>
/// Completes and delegates reviews for the endpoints: the record is stored first (with the next due date 12 months
/// on, which moves the item in the due index), then the cycle's task is closed and its workflow told.
/// </summary>
public sealed class ReviewCompletionService(IRegisterStore registers, ITaskStore tasks, IPeopleDirectory directory, TimeProvider timeProvider)
{
    public async Task<ReviewChange> CompleteAsync(string agencyId, string itemId, ReviewDraft draft, Person by, IWorkflowSignals signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(by);
        FieldErrors errors = new();
        RegisterItem? item = await registers.FindAsync(agencyId, itemId, cancellationToken);
        if (item is null)
        {
            return new ReviewChange(null, null, errors, NotFound: true);
        }

        DateTimeOffset now = timeProvider.GetUtcNow();
        DateOnly today = DateOnly.FromDateTime(now.UtcDateTime);
        HashSet<string> people = (await directory.ListPeopleAsync(agencyId, cancellationToken)).Select(p => p.PersonId).ToHashSet(StringComparer.Ordinal);
        if (!ReviewRules.Validate(item, draft, today, people, errors))
        {
            return new ReviewChange(item, null, errors);
        }

        ArgumentNullException.ThrowIfNull(signals);
        DateOnly? cycleDue = item.NextReviewDue;
        string reviewId = "rev-" + Guid.NewGuid().ToString("N")[..12];
        RegisterItem? reviewed = await registers.UpdateAsync(agencyId, itemId, i => ReviewRules.Complete(i, draft, reviewId, by.PersonId, today, now), cancellationToken);
        if (reviewed is null)
        {
            return new ReviewChange(null, null, errors, NotFound: true);
        }

        WorkTask? task = null;
        if (cycleDue is { } due)
        {
            task = await tasks.UpdateAsync(agencyId, ReviewInstances.TaskIdFor(itemId, due),
                t => t.State == WorkTaskState.Done ? t : t with { State = WorkTaskState.Done, Completion = new TaskCompletion(by.PersonId, now, "Review " + reviewId) },
                cancellationToken);
            string instanceId = ReviewInstances.IdFor(agencyId, itemId, due);
            WorkflowState? instance = await signals.FindAsync(instanceId, withOutput: false, cancellationToken);
            if (instance is { Status: WorkflowRuntimeStatus.Running })
            {
                await signals.RaiseAsync(instanceId, RegisterReview.ReviewCompletedEvent, new ReviewCompleted(reviewId, by.PersonId, reviewed.NextReviewDue!.Value), cancellationToken);
            }
        }

        return new ReviewChange(reviewed, task, errors);
    }

    /// <summary>Hands the item's open review task to another person of the agency, recording who, to whom, when and why.</summary>
    public async Task<ReviewChange> DelegateAsync(string agencyId, string itemId, string toPersonId, string? reason, Person by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(by);
        FieldErrors errors = new();
        RegisterItem? item = await registers.FindAsync(agencyId, itemId, cancellationToken);
        if (item?.NextReviewDue is not { } due)
        {
            return new ReviewChange(item, null, errors, NotFound: true);
        }

        WorkTask? task = await tasks.FindAsync(agencyId, ReviewInstances.TaskIdFor(itemId, due), cancellationToken);
        if (task is null || task.State != WorkTaskState.Open)
        {
            errors.Add("itemId", "This item has no open review to delegate");
            return new ReviewChange(item, task, errors);
        }

        if (!ReviewRules.MayDelegate(task, by))
        {
            return new ReviewChange(item, task, errors, Forbidden: true);
        }

        // Looked up only when it could be a person id: an over-long value would otherwise reach storage as a key.
        Person? to = string.IsNullOrEmpty(toPersonId) || toPersonId.Length > 128 ? null : await directory.GetPersonAsync(toPersonId, cancellationToken);
        if (to is null || to.AgencyId != agencyId || to.Role == Role.BoardAdmin)
        {
            errors.Add("delegateTo", "Choose a person in this agency");
            return new ReviewChange(item, task, errors);
        }

        if (reason is { Length: > ReviewRules.MaxText })
        {
            errors.Add("reason", "Give a reason of at most 1000 characters");
            return new ReviewChange(item, task, errors);
        }

        DateTimeOffset now = timeProvider.GetUtcNow();
        WorkTask? delegated = await tasks.UpdateAsync(agencyId, task.TaskId, t => ReviewRules.Delegate(t, by, to, reason, now), cancellationToken);
        return new ReviewChange(item, delegated, errors);
    }
}
