using System.Text.Json;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Orchestration;

namespace EsafetyServerless.Workflows.Platform.SelfTest;

/// <summary>A self-test run's state, its recorded steps (in order) and, once it has finished, its outcome.</summary>
public sealed class ReadSelfTest(IWorkflowSignals workflows, ISelfTestJournal journal) : IUseCase
{
    public async Task<Outcome<SelfTestRun>> ExecuteAsync(Actor actor, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (PlatformPermissions.ToRunSelfTests(actor) is { } denied)
        {
            return denied;
        }

        WorkflowState? instance = SelfTestRunIds.IsWellFormed(runId) ? await workflows.FindAsync(runId, withOutput: true, cancellationToken) : null;
        if (instance is null)
        {
            return SelfTestRunIds.NotFound();
        }

        IReadOnlyList<SelfTestStepRecorded> steps = await journal.ListAsync(runId, cancellationToken);
        SelfTestOutcome? outcome = instance is { Status: WorkflowRuntimeStatus.Completed, SerializedOutput: { } output }
            ? JsonSerializer.Deserialize<SelfTestOutcome>(output)
            : null;
        string? status = instance.SerializedCustomStatus is { } custom ? JsonSerializer.Deserialize<string>(custom) : null;
        return new SelfTestRun(runId, instance.Status, status, steps.OrderBy(s => s.RecordedAt).ToList(), outcome);
    }
}

/// <param name="RuntimeStatus">The engine's view: running, completed, failed…</param>
/// <param name="Status">The run's own progress (<see cref="SelfTestStatus"/>), once it has set one.</param>
public sealed record SelfTestRun(string RunId, WorkflowRuntimeStatus RuntimeStatus, string? Status, IReadOnlyList<SelfTestStepRecorded> Steps, SelfTestOutcome? Outcome);
