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
    TableRegisterStore registers = null!;
    DurableTaskTestHost host = null!;

    public async Task InitializeAsync()
    {
        TableClientOptions options = new();
        options.AddPolicy(this.counter, HttpPipelinePosition.PerCall);
        StorageTables tables = new(new TableServiceClient(azurite.ConnectionString, options));
        this.registers = new TableRegisterStore(tables, this.prefix);
        this.counter.Table = this.registers.DueIndexTable;
        this.host = await TestHosts.StartAsync(new DurableTaskTestHostOptions
        {
            ConfigureServices = services =>
            {
                services.AddSingleton<IRegisterStore>(this.registers);
                services.AddSingleton<ITaskStore>(new TableTaskStore(tables));
                services.AddSingleton<IPeopleDirectory>(new TablePeopleDirectory(tables));
                services.AddSingleton<IEmailSender>(new SmtpEmailSender(new EmailOptions { SmtpHost = "127.0.0.1", SmtpPort = this.mail.Port }));
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
        DailyReviewScan scan = new(this.registers, new DurableWorkflowSignals(new FixedDurableClientSource(this.host.Client)), this.clock, NullLogger<DailyReviewScan>.Instance);

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
        ReviewScanResult second = await scan.ScanAsync(this.clock.GetUtcNow(), null, CancellationToken.None);

        Assert.Equal(new ReviewScanResult(50, 0), second);
        Assert.InRange(this.counter.EntitiesRead, 50, 55);
    }
}
