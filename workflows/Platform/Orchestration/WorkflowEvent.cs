namespace EsafetyServerless.Workflows.Platform.Orchestration;

/// <summary>
/// An external event a workflow waits for, declared once beside the orchestrator that waits for it: its name and the
/// type of its payload, so whoever raises it and the orchestrator agree on both. The name is never changed: running
/// instances wait for the event by name.
/// </summary>
/// <typeparam name="TPayload">What the event carries: ids and states only, like every workflow input.</typeparam>
public sealed record WorkflowEvent<TPayload>(string Name);

public static class WorkflowEventSignals
{
    /// <summary>Raises <paramref name="workflowEvent"/> on a running instance (an instance that has ended drops it).</summary>
    public static Task RaiseAsync<TPayload>(this IWorkflowSignals signals, string instanceId, WorkflowEvent<TPayload> workflowEvent, TPayload payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(workflowEvent);
        return signals.RaiseAsync(instanceId, workflowEvent.Name, payload, cancellationToken);
    }
}
