namespace EsafetyServerless.Workflows.Platform.Orchestration;

/// <summary>
/// Port: how use cases start, signal and look at durable workflows, without a durable client in their hands. Instance
/// ids are the records' own ids (an incident's response workflow runs as the incident id), so every start is
/// idempotent.
/// </summary>
public interface IWorkflowSignals
{
    /// <summary>
    /// Starts <paramref name="orchestrator"/> as <paramref name="instanceId"/> unless that instance exists. With
    /// <paramref name="restartIfFailed"/>, an instance that failed or was terminated is purged and started again.
    /// </summary>
    /// <returns>Whether this call started it (false when it existed, or a concurrent caller started it first).</returns>
    Task<bool> StartIfNewAsync(string orchestrator, string instanceId, object input, bool restartIfFailed, CancellationToken cancellationToken);

    /// <summary>Sends an external event to a running instance (an event for an instance that has ended is dropped by the engine).</summary>
    Task RaiseAsync(string instanceId, string eventName, object? payload, CancellationToken cancellationToken);

    /// <summary>The instance's state, or null when there is no such instance; its output and custom status only <paramref name="withOutput"/>.</summary>
    Task<WorkflowState?> FindAsync(string instanceId, bool withOutput, CancellationToken cancellationToken);

    /// <summary>
    /// The ids of every instance of <paramref name="orchestrator"/> whose id starts with <paramref name="instanceIdPrefix"/>
    /// in one of <paramref name="statuses"/> (the engine's instance query, paged; the prefix keeps it to that kind of
    /// record's instances): how the daily check finds response workflows that failed or were terminated.
    /// </summary>
    Task<IReadOnlyList<string>> ListInstanceIdsAsync(string orchestrator, string instanceIdPrefix, IReadOnlyCollection<WorkflowRuntimeStatus> statuses, CancellationToken cancellationToken);

    /// <summary>Ends the instance if it still runs and deletes its history; returns how many instances were purged.</summary>
    Task<int> DeleteHistoryAsync(string instanceId, string reason, CancellationToken cancellationToken);
}

/// <param name="SerializedOutput">The output as JSON, when asked for and the instance completed.</param>
/// <param name="SerializedCustomStatus">The custom status the orchestration last set, as JSON, when asked for.</param>
public sealed record WorkflowState(
    string InstanceId, WorkflowRuntimeStatus Status, DateTimeOffset CreatedAt, DateTimeOffset LastUpdatedAt, string? SerializedOutput, string? SerializedCustomStatus);

public enum WorkflowRuntimeStatus
{
    Pending,
    Running,
    Suspended,
    Completed,
    Failed,
    Terminated,
}
