using EsafetyServerless.Adapters.Orchestration;
using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.Local.Seed;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
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

    [Fact]
    public async Task A_technician_starts_reads_and_confirms_a_run_through_the_use_cases_and_cannot_confirm_it_twice()
    {
        DurableWorkflowSignals workflows = new(new FixedDurableClientSource(this.host.Client));
        Actor technician = new(SampleBoard.InRole(SampleBoard.Northfield, Role.Technician));
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(60));

        string runId = (await new StartSelfTest(workflows, TimeProvider.System).ExecuteAsync(technician, new SelfTestDraft("600"), timeout.Token)).Value;
        await WaitForStatusAsync(runId, SelfTestStatus.AwaitingConfirmation, timeout.Token);
        Outcome<Done> confirmed = await new ConfirmSelfTest(workflows).ExecuteAsync(technician, runId, timeout.Token);
        await this.host.Client.WaitForInstanceCompletionAsync(runId, getInputsAndOutputs: false, timeout.Token);
        SelfTestRun run = (await new ReadSelfTest(workflows, this.journal).ExecuteAsync(technician, runId, timeout.Token)).Value;
        Outcome<Done> again = await new ConfirmSelfTest(workflows).ExecuteAsync(technician, runId, timeout.Token);

        Assert.True(confirmed.Succeeded);
        Assert.Equal(Workflows.Platform.Orchestration.WorkflowRuntimeStatus.Completed, run.RuntimeStatus);
        Assert.Equal(SelfTestStatus.Passed, run.Status);
        Assert.True(run.Outcome?.Confirmed);
        Assert.Equal([SelfTestStepNames.Started, SelfTestStepNames.Confirmed], run.Steps.Select(s => s.Step));
        Assert.Equal(FailureKind.Conflict, again.Failure?.Kind);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("86401")]
    [InlineData("ten")]
    public async Task A_confirmation_window_outside_one_second_to_a_day_is_a_field_error(string seconds)
    {
        DurableWorkflowSignals workflows = new(new FixedDurableClientSource(this.host.Client));
        Actor admin = new(SampleBoard.BoardAdmin);

        Outcome<string> started = await new StartSelfTest(workflows, TimeProvider.System).ExecuteAsync(admin, new SelfTestDraft(seconds), CancellationToken.None);

        Assert.Equal(FailureKind.Invalid, started.Failure?.Kind);
        Assert.Contains(started.Failure!.Errors!.All, e => e.Field == "confirmationWindowSeconds");
    }

    [Fact]
    public async Task Staff_cannot_run_self_tests_and_an_id_that_is_not_a_run_is_not_found()
    {
        DurableWorkflowSignals workflows = new(new FixedDurableClientSource(this.host.Client));
        Actor staff = new(SampleBoard.InRole(SampleBoard.Northfield, Role.Staff));
        Actor admin = new(SampleBoard.BoardAdmin);

        Outcome<string> refused = await new StartSelfTest(workflows, TimeProvider.System).ExecuteAsync(staff, new SelfTestDraft(null), CancellationToken.None);
        Outcome<SelfTestRun> unknown = await new ReadSelfTest(workflows, this.journal).ExecuteAsync(admin, "incident-not-a-run", CancellationToken.None);
        Outcome<Done> missing = await new ConfirmSelfTest(workflows).ExecuteAsync(admin, "selftest-never-started", CancellationToken.None);

        Assert.Equal(FailureKind.Forbidden, refused.Failure?.Kind);
        Assert.Equal(FailureKind.NotFound, unknown.Failure?.Kind);
        Assert.Equal(FailureKind.NotFound, missing.Failure?.Kind);
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
