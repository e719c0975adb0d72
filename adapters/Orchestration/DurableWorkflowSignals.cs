using EsafetyServerless.Workflows.Platform.Orchestration;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace EsafetyServerless.Adapters.Orchestration;

/// <summary>
/// Where the durable client comes from: the local runtime has one in DI for the life of the process; the Functions
/// app gets one per invocation from the trigger's <c>[DurableClient]</c> binding and puts it here first.
/// </summary>
public interface IDurableClientSource
{
    DurableTaskClient Client { get; }
}

/// <summary>The local runtime's source: the process's own client.</summary>
public sealed class FixedDurableClientSource(DurableTaskClient client) : IDurableClientSource
{
    public DurableTaskClient Client { get; } = client;
}

/// <summary>The Functions app's source: set by the trigger, per invocation (registered scoped).</summary>
public sealed class InvocationDurableClientSource : IDurableClientSource
{
    DurableTaskClient? client;

    public DurableTaskClient Client
    {
        get => this.client ?? throw new InvalidOperationException("No durable client was bound for this invocation; the trigger must take a [DurableClient] and set it.");
        set => this.client = value;
    }
}

/// <summary><see cref="IWorkflowSignals"/> over the Durable Task client.</summary>
public sealed class DurableWorkflowSignals(IDurableClientSource source) : IWorkflowSignals
{
    public async Task<bool> StartIfNewAsync(string orchestrator, string instanceId, object input, bool restartIfFailed, CancellationToken cancellationToken)
    {
        DurableTaskClient durable = source.Client;
        if (await durable.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is { } existing)
        {
            if (!restartIfFailed || existing.RuntimeStatus is not (OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated))
            {
                return false;
            }

            await durable.PurgeInstanceAsync(instanceId, cancellation: cancellationToken);
        }

        try
        {
            await durable.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId), cancellationToken);
            return true;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A concurrent caller (a retried request, a second host) may have started it first; anything else is a real failure.
            if (await durable.GetInstanceAsync(instanceId, getInputsAndOutputs: false, CancellationToken.None) is null)
            {
                throw;
            }

            return false;
        }
    }

    public Task RaiseAsync(string instanceId, string eventName, object? payload, CancellationToken cancellationToken) =>
        source.Client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken);

    public async Task<WorkflowState?> FindAsync(string instanceId, bool withOutput, CancellationToken cancellationToken)
    {
        OrchestrationMetadata? instance = await source.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: withOutput, cancellationToken);
        return instance is null
            ? null
            : new WorkflowState(
                instance.InstanceId, Map(instance.RuntimeStatus), instance.CreatedAt, instance.LastUpdatedAt,
                withOutput ? instance.SerializedOutput : null, withOutput ? instance.SerializedCustomStatus : null);
    }

    public async Task<IReadOnlyList<string>> ListInstanceIdsAsync(string orchestrator, string instanceIdPrefix, IReadOnlyCollection<WorkflowRuntimeStatus> statuses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        // The query filters by id prefix (a key range in the Azure Storage provider) and status, not by name: the name is checked here.
        OrchestrationQuery query = new() { InstanceIdPrefix = instanceIdPrefix, Statuses = [.. statuses.Select(Unmap)], PageSize = 100, FetchInputsAndOutputs = false };
        List<string> ids = [];
        await foreach (OrchestrationMetadata instance in source.Client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            if (string.Equals(instance.Name, orchestrator, StringComparison.Ordinal))
            {
                ids.Add(instance.InstanceId);
            }
        }

        return ids;
    }

    public async Task<int> DeleteHistoryAsync(string instanceId, string reason, CancellationToken cancellationToken)
    {
        DurableTaskClient durable = source.Client;
        OrchestrationMetadata? instance = await durable.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        if (instance is null)
        {
            return 0;
        }

        if (!instance.IsCompleted)
        {
            await durable.TerminateInstanceAsync(instanceId, new TerminateInstanceOptions { Output = reason }, cancellationToken);
            using CancellationTokenSource wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TimeSpan.FromSeconds(30));
            await durable.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: false, wait.Token);
        }

        PurgeResult purged = await durable.PurgeInstanceAsync(instanceId, cancellation: cancellationToken);
        return purged.PurgedInstanceCount;
    }

    static WorkflowRuntimeStatus Map(OrchestrationRuntimeStatus status) => status switch
    {
        OrchestrationRuntimeStatus.Running => WorkflowRuntimeStatus.Running,
        OrchestrationRuntimeStatus.Completed => WorkflowRuntimeStatus.Completed,
        OrchestrationRuntimeStatus.Failed => WorkflowRuntimeStatus.Failed,
        OrchestrationRuntimeStatus.Terminated => WorkflowRuntimeStatus.Terminated,
        OrchestrationRuntimeStatus.Suspended => WorkflowRuntimeStatus.Suspended,
        _ => WorkflowRuntimeStatus.Pending,
    };

    static OrchestrationRuntimeStatus Unmap(WorkflowRuntimeStatus status) => status switch
    {
        WorkflowRuntimeStatus.Running => OrchestrationRuntimeStatus.Running,
        WorkflowRuntimeStatus.Completed => OrchestrationRuntimeStatus.Completed,
        WorkflowRuntimeStatus.Failed => OrchestrationRuntimeStatus.Failed,
        WorkflowRuntimeStatus.Terminated => OrchestrationRuntimeStatus.Terminated,
        WorkflowRuntimeStatus.Suspended => OrchestrationRuntimeStatus.Suspended,
        _ => OrchestrationRuntimeStatus.Pending,
    };
}
