using Microsoft.DurableTask;

namespace EsafetyServerless.Workflows.Platform.SelfTest;

/// <summary>Writes one self-test step to storage, so the run proves activities can reach storage.</summary>
public sealed class RecordSelfTestStep(ISelfTestJournal journal, TimeProvider timeProvider)
    : TaskActivity<SelfTestStep, SelfTestStepRecorded>
{
    public override async Task<SelfTestStepRecorded> RunAsync(TaskActivityContext context, SelfTestStep input)
    {
        ArgumentNullException.ThrowIfNull(input);
        SelfTestStepRecorded recorded = new(input.Step, timeProvider.GetUtcNow(), HostInstance.Name);
        await journal.RecordAsync(input.RunId, recorded, CancellationToken.None);
        return recorded;
    }
}

/// <summary>Port: the journal of self-test steps, one row per step execution.</summary>
public interface ISelfTestJournal
{
    Task RecordAsync(string runId, SelfTestStepRecorded step, CancellationToken cancellationToken);

    Task<IReadOnlyList<SelfTestStepRecorded>> ListAsync(string runId, CancellationToken cancellationToken);
}
