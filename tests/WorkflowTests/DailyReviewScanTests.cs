using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using EsafetyServerless.Adapters.Email;
using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows;
using EsafetyServerless.Workflows.Notifications;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Registers;
using EsafetyServerless.Workflows.Reviews;
using EsafetyServerless.Workflows.Tasks;
using EsafetyServerless.Workflows.Platform.Orchestration;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using EsafetyServerless.Adapters.Orchestration;

namespace EsafetyServerless.WorkflowTests;

/// <summary>
/// The daily scan over large registers: it reads the due items only (counted on the wire, as entities in the table
/// service's query responses) and starts exactly one review workflow per item per cycle.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DailyReviewScanTests(AzuriteFixture azurite) : IAsyncLifetime, IDisposable
{
    static readonly DateTimeOffset Today = new(2026, 12, 1, 6, 0, 0, TimeSpan.Zero);
    readonly string prefix = "S" + Guid.NewGuid().ToString("N")[..8];
    readonly TableEntityCounter counter = new();
    readonly SmtpSink mail = new();
    readonly FakeTimeProvider clock = new(Today);
    readonly FailingFor failing = new();
    TableRegisterStore registers = null!;
    TableReviewCycleStarts starts = null!;
    TablePeopleDirectory directory = null!;
    DurableTaskTestHost host = null!;

    public async Task InitializeAsync()
    {
        TableClientOptions options = new();
        options.AddPolicy(this.counter, HttpPipelinePosition.PerCall);
        StorageTables tables = new(new TableServiceClient(azurite.ConnectionString, options));
        this.registers = new TableRegisterStore(tables, this.prefix);
        this.counter.Table = this.registers.DueIndexTable;
        this.starts = new TableReviewCycleStarts(tables, this.prefix);
        this.directory = new TablePeopleDirectory(tables);
        this.failing.Inner = new SmtpEmailSender(new EmailOptions { SmtpHost = "127.0.0.1", SmtpPort = this.mail.Port });
        this.host = await TestHosts.StartAsync(new DurableTaskTestHostOptions
        {
            ConfigureServices = services =>
            {
                services.AddSingleton<IRegisterStore>(this.registers);
                services.AddSingleton<ITaskStore>(new TableTaskStore(tables));
                services.AddSingleton<IPeopleDirectory>(this.directory);
                services.AddSingleton<IReviewCycleStarts>(this.starts);
                services.AddSingleton<IEmailSender>(this.failing);
                services.AddSingleton(new AppLinks { BaseUrl = "https://esafety.example" });
                services.AddSingleton<TimeProvider>(this.clock);
            },
        });
    }

    public async Task DisposeAsync()
    {
        await this.host.DisposeAsync();
        await this.mail.DisposeAsync();
    }

    void IDisposable.Dispose()
    {
        // DisposeAsync (IAsyncLifetime) has already stopped the SMTP server; nothing is left to release.
    }

    [Fact]
    public async Task Over_100000_register_items_the_scan_reads_only_the_50_due_and_starts_each_review_once()
    {
        DateOnly today = DateOnly.FromDateTime(Today.UtcDateTime);
        List<RegisterItem> items = new(100_000);
        List<DueEntry> due = [];
        for (int i = 0; i < 100_000; i++)
        {
            string agencyId = $"{this.prefix.ToLowerInvariant()}-agency-{i % 100}";
            string itemId = $"policy-{i:x8}";
            DateOnly next;
            if (i % 2000 == 0)
            {
                // 50 due: overdue, due today, or due within the 30 days (the last of them exactly on the 30th day).
                int n = i / 2000;
                next = today.AddDays(n % 3 == 0 ? -10 - n : n % 3 == 1 ? n % 31 : 30);
                due.Add(new DueEntry(agencyId, itemId, RegisterKind.Policy, next));
            }
            else
            {
                next = today.AddDays(31 + (i % 335));
            }

            items.Add(new RegisterItem(agencyId, itemId, RegisterKind.Policy, "Policy " + i, next.AddMonths(-12), next, Today, "seed", Policy: new PolicyDetails(PolicyKind.Other)));
        }

        await this.registers.ImportAsync(items, CancellationToken.None);
        CountingSignals engine = new(new DurableWorkflowSignals(new FixedDurableClientSource(this.host.Client)));
        DailyReviewScan scan = new(this.registers, this.starts, engine, this.clock, NullLogger<DailyReviewScan>.Instance);

        this.counter.Reset();
        ReviewScanResult first = await scan.ScanAsync(this.clock.GetUtcNow(), null, CancellationToken.None);
        int readByFirst = this.counter.EntitiesRead;

        Assert.Equal(50, due.Count);
        Assert.Equal(new ReviewScanResult(50, 50), first);
        Assert.InRange(readByFirst, 50, 55);
        foreach (DueEntry entry in due)
        {
            Assert.NotNull(await this.host.Client.GetInstanceAsync(ReviewInstances.IdFor(entry.AgencyId, entry.ItemId, entry.Due)));
        }

        this.counter.Reset();
        engine.Reset();
        ReviewScanResult second = await scan.ScanAsync(this.clock.GetUtcNow(), null, CancellationToken.None);

        // The second run knows every cycle is running: it asks the engine nothing.
        Assert.Equal(new ReviewScanResult(50, 0, 0, KnownToRun: 50), second);
        Assert.Equal(0, engine.LookUps);
        Assert.InRange(this.counter.EntitiesRead, 50, 55);
    }

    [Fact]
    public async Task A_cycle_whose_workflow_failed_is_started_again_by_the_next_scan_and_one_terminated_after_a_week()
    {
        DateOnly today = DateOnly.FromDateTime(Today.UtcDateTime);
        string agencyId = this.prefix.ToLowerInvariant() + "-failing";
        await this.directory.SavePersonAsync(new Person("head." + agencyId, "head@fail.example", "Head", agencyId, Role.SeniorManager, "head@fail.example"), CancellationToken.None);
        RegisterItem failingItem = new(agencyId, "policy-fails", RegisterKind.Policy, "Policy", today.AddMonths(-12).AddDays(5), today.AddDays(5), Today, "seed", Policy: new PolicyDetails(PolicyKind.Other));
        RegisterItem stoppedItem = new(agencyId + "-2", "policy-stopped", RegisterKind.Policy, "Policy", today.AddMonths(-12).AddDays(6), today.AddDays(6), Today, "seed", Policy: new PolicyDetails(PolicyKind.Other));
        await this.registers.ImportAsync([failingItem, stoppedItem], CancellationToken.None);
        string failingId = ReviewInstances.IdFor(failingItem.AgencyId, failingItem.ItemId, today.AddDays(5));
        string stoppedId = ReviewInstances.IdFor(stoppedItem.AgencyId, stoppedItem.ItemId, today.AddDays(6));
        CountingSignals engine = new(new DurableWorkflowSignals(new FixedDurableClientSource(this.host.Client)));
        DailyReviewScan scan = new(this.registers, this.starts, engine, this.clock, NullLogger<DailyReviewScan>.Instance);
        ReviewTimings quick = ReviewTimings.Default with { FirstRetryInterval = TimeSpan.FromMilliseconds(100) };

        // The owner's mail fails for good: the cycle's workflow fails once its retries run out.
        this.failing.Domain = "fail.example";
        Assert.Equal(new ReviewScanResult(2, 2), await scan.ScanAsync(Today, quick, CancellationToken.None));
        using CancellationTokenSource bound = new(TimeSpan.FromSeconds(60));
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await this.host.Client.WaitForInstanceCompletionAsync(failingId, bound.Token)).RuntimeStatus);
        await this.host.Client.TerminateInstanceAsync(stoppedId, "stopped by an operator");
        await this.host.Client.WaitForInstanceCompletionAsync(stoppedId, bound.Token);
        this.failing.Domain = null;

        // The next day: the failed cycle forgot its start, so it is started again; the terminated one is still trusted.
        ReviewScanResult nextDay = await scan.ScanAsync(Today.AddDays(1), quick, CancellationToken.None);
        OrchestrationMetadata? restarted = await this.host.Client.GetInstanceAsync(failingId);
        // A week after its start was recorded, the terminated cycle is looked up and started again.
        ReviewScanResult weekLater = await scan.ScanAsync(Today.AddDays(7), quick, CancellationToken.None);
        OrchestrationMetadata? resumed = await this.host.Client.GetInstanceAsync(stoppedId);

        Assert.Equal(new ReviewScanResult(2, 1, 0, KnownToRun: 1), nextDay);
        Assert.NotEqual(OrchestrationRuntimeStatus.Failed, restarted?.RuntimeStatus);
        Assert.Equal(1, weekLater.Started);
        Assert.NotEqual(OrchestrationRuntimeStatus.Terminated, resumed?.RuntimeStatus);
    }

    /// <summary>The real email sender, except that mail to one domain is refused with a failure that retries cannot fix.</summary>
    sealed class FailingFor : IEmailSender
    {
        public SmtpEmailSender Inner { get; set; } = null!;

        public string? Domain { get; set; }

        public Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken) =>
            this.Domain is { } domain && email.To.EndsWith("@" + domain, StringComparison.Ordinal)
                ? throw new InvalidOperationException("The mail server is broken for " + domain)
                : this.Inner.SendAsync(email, cancellationToken);
    }

    /// <summary>Counts the questions put to the engine (a start-if-new looks the instance up first).</summary>
    sealed class CountingSignals(IWorkflowSignals inner) : IWorkflowSignals
    {
        int lookUps;

        public int LookUps => Volatile.Read(ref this.lookUps);

        public void Reset() => Interlocked.Exchange(ref this.lookUps, 0);

        public Task<bool> StartIfNewAsync(string orchestrator, string instanceId, object input, bool restartIfFailed, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref this.lookUps);
            return inner.StartIfNewAsync(orchestrator, instanceId, input, restartIfFailed, cancellationToken);
        }

        public Task RaiseAsync(string instanceId, string eventName, object? payload, CancellationToken cancellationToken) =>
            inner.RaiseAsync(instanceId, eventName, payload, cancellationToken);

        public Task<WorkflowState?> FindAsync(string instanceId, bool withOutput, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref this.lookUps);
            return inner.FindAsync(instanceId, withOutput, cancellationToken);
        }

        public Task<IReadOnlyList<string>> ListInstanceIdsAsync(string orchestrator, string instanceIdPrefix, IReadOnlyCollection<WorkflowRuntimeStatus> statuses, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref this.lookUps);
            return inner.ListInstanceIdsAsync(orchestrator, instanceIdPrefix, statuses, cancellationToken);
        }

        public Task<int> DeleteHistoryAsync(string instanceId, string reason, CancellationToken cancellationToken) =>
            inner.DeleteHistoryAsync(instanceId, reason, cancellationToken);
    }
}
