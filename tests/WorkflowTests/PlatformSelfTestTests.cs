using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows;
using EsafetyServerless.Workflows.Platform.SelfTest;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EsafetyServerless.WorkflowTests;

[Collection(AzuriteCollection.Name)]
public sealed class PlatformSelfTestTests(AzuriteFixture azurite) : IAsyncLifetime
{
    DurableTaskTestHost host = null!;
    TableSelfTestJournal journal = null!;

    public async Task InitializeAsync()
    {
        this.journal = new TableSelfTestJournal(azurite.NewTables());
        this.host = await TestHosts.StartAsync(new DurableTaskTestHostOptions
        {
            ConfigureServices = services =>
            {
                services.AddSingleton<ISelfTestJournal>(this.journal);
                services.AddSingleton(TimeProvider.System);
            },
        });
    }

    public async Task DisposeAsync() => await this.host.DisposeAsync();

    [Fact]
    public async Task A_confirmed_run_passes_and_records_started_then_confirmed()
    {
        string runId = "selftest-wf-" + Guid.NewGuid().ToString("N")[..8];
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(60));

        await this.host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(PlatformSelfTest), new SelfTestInput(runId, TimeSpan.FromMinutes(10)), new Microsoft.DurableTask.StartOrchestrationOptions(runId), timeout.Token);
        await WaitForStatusAsync(runId, SelfTestStatus.AwaitingConfirmation, timeout.Token);
        await this.host.Client.RaiseEventAsync(runId, PlatformSelfTest.ConfirmedEvent, true, timeout.Token);
        OrchestrationMetadata done = await this.host.Client.WaitForInstanceCompletionAsync(runId, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(SelfTestStatus.Passed, done.ReadCustomStatusAs<string>());
        SelfTestOutcome outcome = done.ReadOutputAs<SelfTestOutcome>()!;
        Assert.True(outcome.Confirmed);
        Assert.Equal(
            [SelfTestStepNames.Started, SelfTestStepNames.Confirmed],
            (await this.journal.ListAsync(runId, timeout.Token)).OrderBy(s => s.RecordedAt).Select(s => s.Step));
    }

    [Fact]
    public async Task An_unconfirmed_run_times_out_when_its_window_closes()
    {
        string runId = "selftest-wf-" + Guid.NewGuid().ToString("N")[..8];
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(60));

        await this.host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(PlatformSelfTest), new SelfTestInput(runId, TimeSpan.FromSeconds(2)), new Microsoft.DurableTask.StartOrchestrationOptions(runId), timeout.Token);
        OrchestrationMetadata done = await this.host.Client.WaitForInstanceCompletionAsync(runId, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(SelfTestStatus.TimedOut, done.ReadCustomStatusAs<string>());
        SelfTestOutcome outcome = done.ReadOutputAs<SelfTestOutcome>()!;
        Assert.False(outcome.Confirmed);
        Assert.Equal(SelfTestStepNames.TimedOut, outcome.Finished.Step);
        Assert.True(outcome.Finished.RecordedAt - outcome.Started.RecordedAt >= TimeSpan.FromSeconds(2));
    }

    async Task WaitForStatusAsync(string runId, string status, CancellationToken cancellationToken)
    {
        while (true)
        {
            OrchestrationMetadata? instance = await this.host.Client.GetInstanceAsync(runId, getInputsAndOutputs: true, cancellationToken);
            if (instance?.ReadCustomStatusAs<string>() == status)
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
