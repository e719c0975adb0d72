using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Orchestration;

namespace EsafetyServerless.Workflows.Platform.SelfTest;

/// <summary>Confirms a waiting self-test run: the run records the confirmation and passes.</summary>
public sealed class ConfirmSelfTest(IWorkflowSignals workflows) : IUseCase
{
    public async Task<Outcome<Done>> ExecuteAsync(Actor actor, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (PlatformPermissions.ToRunSelfTests(actor) is { } denied)
        {
            return denied;
        }

        WorkflowState? instance = SelfTestRunIds.IsWellFormed(runId) ? await workflows.FindAsync(runId, withOutput: false, cancellationToken) : null;
        if (instance is null)
        {
            return SelfTestRunIds.NotFound();
        }

        if (instance.Status is not (WorkflowRuntimeStatus.Running or WorkflowRuntimeStatus.Pending))
        {
            return Outcome.Conflict("The run is not waiting", "This self-test run has already finished.");
        }

        await workflows.RaiseAsync(runId, PlatformSelfTest.ConfirmedEvent, true, cancellationToken);
        return Outcome.Done;
    }
}
