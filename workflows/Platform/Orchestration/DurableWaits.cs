using Microsoft.DurableTask;

namespace EsafetyServerless.Workflows.Platform.Orchestration;

/// <summary>
/// Waiting in an orchestrator, the one way every workflow does it: an event raced against a deadline (a durable timer
/// set from <see cref="TaskOrchestrationContext.CurrentUtcDateTime"/>), the loser cancelled so the instance leaves no
/// timer or event wait behind. Each wait schedules exactly what the workflows scheduled before it was shared (the
/// event's wait first, then one timer), so instances started earlier replay unchanged.
/// </summary>
public static class DurableWaits
{
    /// <summary>Waits for the event with no deadline (when everything that chases it has been done).</summary>
    public static Task<TPayload> WaitForEventAsync<TPayload>(this TaskOrchestrationContext context, WorkflowEvent<TPayload> workflowEvent)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(workflowEvent);
        return context.WaitForExternalEvent<TPayload>(workflowEvent.Name);
    }

    /// <summary>
    /// Waits for the event until <paramref name="deadline"/> and cancels whichever loses. Cancelled synchronously:
    /// <c>CancelAsync</c> would resume the orchestrator on a thread-pool thread, outside the engine's single-threaded replay.
    /// </summary>
    public static async Task<EventArrival<TPayload>> WaitForEventAsync<TPayload>(this TaskOrchestrationContext context, WorkflowEvent<TPayload> workflowEvent, DateTime deadline)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(workflowEvent);
        using CancellationTokenSource timerCancellation = new();
        using CancellationTokenSource eventCancellation = new();
        Task<TPayload> raised = context.WaitForExternalEvent<TPayload>(workflowEvent.Name, eventCancellation.Token);
        Task timer = context.CreateTimer(deadline, timerCancellation.Token);
        if (await Task.WhenAny(raised, timer) == raised)
        {
            timerCancellation.Cancel();
            return new EventArrival<TPayload>(Arrived: true, await raised);
        }

        eventCancellation.Cancel();
        return new EventArrival<TPayload>(Arrived: false, default);
    }

    /// <summary>Whether the event arrives before <paramref name="deadline"/> (its payload unused), the loser cancelled.</summary>
    public static async Task<bool> ArrivesBeforeAsync<TPayload>(this TaskOrchestrationContext context, WorkflowEvent<TPayload> workflowEvent, DateTime deadline) =>
        (await context.WaitForEventAsync(workflowEvent, deadline)).Arrived;

    /// <summary>
    /// Whether an event already being waited for (one wait held across several deadlines, so an event raised between
    /// two of them is not missed) arrives before <paramref name="deadline"/>; the timer is cancelled if it does. The
    /// wait itself is kept for the next deadline.
    /// </summary>
    public static async Task<bool> ArrivesBeforeAsync<TPayload>(this TaskOrchestrationContext context, Task<TPayload> pending, DateTime deadline)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(pending);
        if (pending.IsCompleted)
        {
            return true;
        }

        using CancellationTokenSource timerCancellation = new();
        Task timer = context.CreateTimer(deadline, timerCancellation.Token);
        if (await Task.WhenAny(pending, timer) == pending)
        {
            timerCancellation.Cancel();
            return true;
        }

        return false;
    }
}

/// <summary>Whether the event came before its deadline, and what it carried.</summary>
public readonly record struct EventArrival<TPayload>(bool Arrived, TPayload? Payload);

/// <summary>
/// The one retry policy for the orchestrators' activity calls: five attempts, the first retry after five seconds and
/// each later one after twice as long, so a storage or mail server that is briefly unavailable does not fail a workflow.
/// </summary>
public static class ActivityRetries
{
    public static TaskOptions Standard { get; } = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 5, firstRetryInterval: TimeSpan.FromSeconds(5), backoffCoefficient: 2));
}
