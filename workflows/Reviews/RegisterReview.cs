using EsafetyServerless.Workflows.Platform.Orchestration;
using EsafetyServerless.Workflows.Registers;
using Microsoft.DurableTask;

namespace EsafetyServerless.Workflows.Reviews;

/// <summary>
/// The review of one register item for one cycle (instance id from <see cref="ReviewInstances.IdFor"/>, so the daily
/// scan starts it once): a task for the owner, reminders before the due date, escalation to the senior manager when
/// overdue and then to the board admin, until the owner (or whoever the task was delegated to) completes the review.
/// Inputs, outputs and status carry ids, dates and states only.
/// </summary>
public sealed class RegisterReview : TaskOrchestrator<RegisterReviewInput, RegisterReviewOutcome>
{
    /// <summary>Raised by the review completion endpoint once the review is recorded.</summary>
    public const string ReviewCompletedEvent = "ReviewCompleted";

    static readonly WorkflowEvent<ReviewCompleted> Completion = new(ReviewCompletedEvent);

    public override async Task<RegisterReviewOutcome> RunAsync(TaskOrchestrationContext context, RegisterReviewInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            return await RunCycleAsync(context, input);
        }
        catch (TaskFailedException)
        {
            // An activity failed for good: forget that this cycle was started, so the next daily scan starts it again.
            await context.CallActivityAsync<bool>(nameof(ForgetReviewCycleStart), input, ActivityRetries.Standard);
            throw;
        }
    }

    static async Task<RegisterReviewOutcome> RunCycleAsync(TaskOrchestrationContext context, RegisterReviewInput input)
    {
        ReviewTimings timings = input.Timings ?? ReviewTimings.Default;
        TaskOptions retries = timings.FirstRetryInterval is { } interval
            ? TaskOptions.FromRetryPolicy(new RetryPolicy(maxNumberOfAttempts: 5, firstRetryInterval: interval, backoffCoefficient: 2))
            : ActivityRetries.Standard;
        ReviewTaskOpened opened = await context.CallActivityAsync<ReviewTaskOpened>(
            nameof(OpenReviewTask), new ReviewStep(input.AgencyId, input.ItemId, input.Kind, input.DueAt, ReviewStage.Opened), retries);
        if (!opened.StillDue)
        {
            context.SetCustomStatus(RegisterReviewStatus.AlreadyReviewed);
            return new RegisterReviewOutcome(input.ItemId, null, 0, []);
        }

        context.SetCustomStatus(RegisterReviewStatus.WaitingForReview);
        int reminders = 0;
        List<ReviewStage> escalations = [];
        Task<ReviewCompleted> completion = context.WaitForEventAsync(Completion);
        foreach (TimeSpan lead in timings.ReminderLeads.OrderDescending())
        {
            DateTime remindAt = input.DueAt.UtcDateTime - lead;
            if (remindAt <= context.CurrentUtcDateTime)
            {
                continue;
            }

            if (await context.ArrivesBeforeAsync(completion, remindAt))
            {
                return Done(context, input, await completion, reminders, escalations);
            }

            if (await context.CallActivityAsync<int>(nameof(ChaseReview), new ReviewStep(input.AgencyId, input.ItemId, input.Kind, input.DueAt, ReviewStage.Reminder, lead), retries) == ChaseReview.Superseded)
            {
                return Superseded(context, input, reminders, escalations);
            }

            reminders++;
        }

        (DateTime At, ReviewStage Stage)[] overdue =
        [
            (input.DueAt.UtcDateTime, ReviewStage.EscalatedToSeniorManager),
            (input.DueAt.UtcDateTime + timings.BoardEscalationAfter, ReviewStage.EscalatedToBoard),
        ];
        foreach ((DateTime at, ReviewStage stage) in overdue)
        {
            if (await context.ArrivesBeforeAsync(completion, at))
            {
                return Done(context, input, await completion, reminders, escalations);
            }

            if (await context.CallActivityAsync<int>(nameof(ChaseReview), new ReviewStep(input.AgencyId, input.ItemId, input.Kind, input.DueAt, stage), retries) == ChaseReview.Superseded)
            {
                return Superseded(context, input, reminders, escalations);
            }

            escalations.Add(stage);
            context.SetCustomStatus(stage == ReviewStage.EscalatedToBoard ? RegisterReviewStatus.EscalatedToBoard : RegisterReviewStatus.EscalatedToSeniorManager);
        }

        return Done(context, input, await completion, reminders, escalations);
    }

    /// <summary>The item's due date moved: this cycle ends, and the daily scan starts the one for the new date.</summary>
    static RegisterReviewOutcome Superseded(TaskOrchestrationContext context, RegisterReviewInput input, int reminders, List<ReviewStage> escalations)
    {
        context.SetCustomStatus(RegisterReviewStatus.Superseded);
        return new RegisterReviewOutcome(input.ItemId, null, reminders, escalations);
    }

    static RegisterReviewOutcome Done(TaskOrchestrationContext context, RegisterReviewInput input, ReviewCompleted completed, int reminders, List<ReviewStage> escalations)
    {
        context.SetCustomStatus(RegisterReviewStatus.Reviewed);
        return new RegisterReviewOutcome(input.ItemId, completed, reminders, escalations);
    }
}

/// <param name="DueAt">The cycle's due date (midnight UTC at its start); reminders count back from it.</param>
/// <param name="Timings">Overrides for tests; production uses <see cref="ReviewTimings.Default"/>.</param>
public sealed record RegisterReviewInput(string AgencyId, string ItemId, RegisterKind Kind, DateTimeOffset DueAt, ReviewTimings? Timings = null);

/// <param name="ReminderLeads">How long before the due date the assignee is reminded (30, 7 and 1 days).</param>
/// <param name="BoardEscalationAfter">How long after the due date the board admin is told (the senior manager is told at once).</param>
/// <param name="FirstRetryInterval">The first wait before an activity is retried (tests shrink it); null for the standard retries.</param>
public sealed record ReviewTimings(IReadOnlyList<TimeSpan> ReminderLeads, TimeSpan BoardEscalationAfter, TimeSpan? FirstRetryInterval = null)
{
    public static ReviewTimings Default { get; } = new([TimeSpan.FromDays(30), TimeSpan.FromDays(7), TimeSpan.FromDays(1)], TimeSpan.FromDays(14));
}

/// <summary>The event's payload: ids only.</summary>
public sealed record ReviewCompleted(string ReviewId, string CompletedBy, DateOnly NextDue);

/// <param name="Review">Null when the item had already been reviewed before the workflow began.</param>
public sealed record RegisterReviewOutcome(string ItemId, ReviewCompleted? Review, int RemindersSent, IReadOnlyList<ReviewStage> Escalations);

/// <param name="Lead">For reminders: how long before the due date this one is.</param>
public sealed record ReviewStep(string AgencyId, string ItemId, RegisterKind Kind, DateTimeOffset DueAt, ReviewStage Stage, TimeSpan? Lead = null);

public sealed record ReviewTaskOpened(string TaskId, bool StillDue);

public enum ReviewStage
{
    Opened,
    Reminder,
    EscalatedToSeniorManager,
    EscalatedToBoard,
}

public static class RegisterReviewStatus
{
    public const string AlreadyReviewed = "already-reviewed";
    public const string WaitingForReview = "waiting-for-review";
    public const string EscalatedToSeniorManager = "escalated-to-senior-manager";
    public const string EscalatedToBoard = "escalated-to-board";
    public const string Reviewed = "reviewed";
    public const string Superseded = "superseded";
}

/// <summary>Ids of a cycle's workflow and task: one per item per due date, so every cycle starts (and opens) once.</summary>
public static class ReviewInstances
{
    public static string IdFor(string agencyId, string itemId, DateOnly due) =>
        $"review-{agencyId}-{itemId}-{due:yyyyMMdd}";

    public static string TaskIdFor(string itemId, DateOnly due) => $"rv-{itemId}-{due:yyyyMMdd}";

    public static DateTimeOffset DueAt(DateOnly due) => new(due.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
