using EsafetyServerless.Workflows.Reviews;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace EsafetyServerless.Http.Reviews;

/// <summary>
/// Starts a review workflow on the durable engine unless an instance with the same id exists (running or completed):
/// the id names the item and its cycle's due date, so a second run of the scan starts nothing new. A cycle whose
/// workflow failed or was terminated is purged and started again, so one bad day does not end the chasing for good.
/// </summary>
public sealed class DurableReviewStarter(DurableTaskClient durable) : IReviewStarter
{
    public async Task<bool> StartIfNewAsync(string instanceId, RegisterReviewInput input, CancellationToken cancellationToken)
    {
        if (await durable.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is { } existing)
        {
            if (existing.RuntimeStatus is not (OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated))
            {
                return false;
            }

            await durable.PurgeInstanceAsync(instanceId, cancellation: cancellationToken);
        }

        try
        {
            await durable.ScheduleNewOrchestrationInstanceAsync(nameof(RegisterReview), input, new StartOrchestrationOptions(instanceId), cancellationToken);
            return true;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Another scan (a second host, a retried timer) may have started it first; anything else is a real failure.
            if (await durable.GetInstanceAsync(instanceId, getInputsAndOutputs: false, CancellationToken.None) is null)
            {
                throw;
            }

            return false;
        }
    }
}
