using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using EsafetyServerless.Adapters;
using EsafetyServerless.Adapters.Configuration;
using EsafetyServerless.Adapters.Orchestration;
using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.Http;
using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Incidents;
using EsafetyServerless.Http.Security;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EsafetyServerless.IntegrationTests;

/// <summary>
/// The incident log's CSV export through the real HTTP pipeline on Azurite: every row of a large log, written to the
/// response as it is read rather than gathered first, and audited.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class IncidentExportTests(AzuriteFixture azurite)
{
    const int Rows = 50_010;

    [Fact]
    public async Task The_export_holds_every_row_of_a_log_over_50000_incidents_and_starts_before_the_log_is_read_to_its_end()
    {
        string agencyId = "exp-" + Guid.NewGuid().ToString("N")[..8];
        QueryCounter queries = new(TableNames.Incidents);
        TableClientOptions options = new();
        options.AddPolicy(queries, HttpPipelinePosition.PerCall);
        StorageTables tables = new(new TableServiceClient(azurite.ConnectionString, options));
        await SeedAsync(await tables.GetAsync(TableNames.Incidents), agencyId);
        TableAuditTrail audit = new(tables, TimeProvider.System);
        TablePeopleDirectory directory = new(tables);
        Person officer = new("officer." + agencyId, "officer@" + agencyId + ".example", "Officer", agencyId, Role.EsafetyOfficer, "officer@" + agencyId + ".example");
        await directory.SavePersonAsync(officer, CancellationToken.None);

        ServiceCollection collection = new();
        collection.AddLogging();
        collection.AddSingleton(TimeProvider.System);
        collection.AddSingleton<IAuditTrail>(audit);
        collection.AddSingleton<IIncidentStore>(new TableIncidentStore(tables));
        collection.AddSingleton<IPeopleDirectory>(directory);
        collection.AddEsafetyWorkflows();
        collection.AddWorkflowSignals<InvocationDurableClientSource>(ServiceLifetime.Scoped);
        collection.AddSingleton<IOutageDetector, AzureOutageDetector>();
        collection.AddEsafetyHttp(new ConfigurationBuilder().Build());
        await using ServiceProvider services = collection.BuildServiceProvider();
        await using AsyncServiceScope scope = services.CreateAsyncScope();
        DefaultHttpContext context = new() { RequestServices = scope.ServiceProvider };
        context.Request.Method = "GET";
        context.Request.Path = "/api/incidents.csv";
        context.Request.Headers[ClientPrincipal.HeaderName] = ClientPrincipal.ForSignInName(officer.SignInName).ToHeaderValue();
        CsvReceiver body = new(() => queries.Requests);
        context.Response.Body = body;

        queries.Reset();
        EndpointDefinition export = EndpointCatalog.All.Single(e => e.HandlerType == typeof(ExportIncidentsEndpoint));
        IResult result = await scope.ServiceProvider.GetRequiredService<HttpApi>().InvokeAsync(export, context);
        await result.ExecuteAsync(context);
        int pagesRead = queries.Requests;

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.StartsWith("text/csv", context.Response.ContentType, StringComparison.Ordinal);
        Assert.Equal(Rows + 1, body.Lines); // the header and every incident
        Assert.StartsWith("\"reference\",\"submittedAt\"", body.First, StringComparison.Ordinal);
        // The first bytes went out after the first page or two, not after the whole log had been read.
        Assert.True(pagesRead > 10, $"the log took {pagesRead} pages to read");
        Assert.InRange(body.PagesReadAtFirstWrite, 1, 2);
        AuditEntry audited = Assert.Single(await audit.ReadAsync(agencyId, CancellationToken.None), e => e.Event.Action == AuditActions.Export && e.Event.Detail!.Contains("rows=", StringComparison.Ordinal));
        Assert.Equal("csv rows=" + Rows, audited.Event.Detail);
    }

    /// <summary>Incident rows as the store writes them, in batches of 100 (what matters here is how many there are).</summary>
    static async Task SeedAsync(TableClient incidents, string agencyId)
    {
        DateTimeOffset at = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        IEnumerable<TableEntity> rows = Enumerable.Range(0, Rows).Select(i => new TableEntity(agencyId, IncidentIds.NewId(at.AddMinutes(i)))
        {
            ["AgencyId"] = agencyId,
            ["Reference"] = $"EXP-2026-{i + 1:D5}",
            ["Status"] = "Reported", // As rows were stored before the lifecycle.
            ["Source"] = nameof(IncidentSource.Form),
            ["SubmittedAt"] = at.AddMinutes(i),
            ["ReportedBy"] = "staff." + agencyId,
            ["OccurredAt"] = at.AddMinutes(i - 60),
            ["Description"] = "Seeded incident " + i,
            ["HowIdentified"] = nameof(HowIdentified.Observed),
            ["PeopleInvolved"] = "[]",
            ["Actions"] = "[]",
        });
        await Parallel.ForEachAsync(rows.Chunk(100), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (batch, ct) =>
            await incidents.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), ct));
    }

    /// <summary>Counts the query requests sent for one table (each is a page of results).</summary>
    sealed class QueryCounter(string table) : HttpPipelineSynchronousPolicy
    {
        int requests;

        public int Requests => Volatile.Read(ref this.requests);

        public void Reset() => Interlocked.Exchange(ref this.requests, 0);

        public override void OnSendingRequest(HttpMessage message)
        {
            if (message.Request.Method == RequestMethod.Get && message.Request.Uri.Path.Contains("/" + table + "()", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref this.requests);
            }
        }
    }

    /// <summary>The response body: counts CSV lines, keeps the first, and notes how many pages had been read when the first bytes arrived.</summary>
    sealed class CsvReceiver(Func<int> pagesRead) : Stream
    {
        readonly StringBuilder first = new();
        bool firstDone;

        public int Lines { get; private set; }

        public int PagesReadAtFirstWrite { get; private set; } = -1;

        public string First => this.first.ToString();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => this.Receive(buffer.AsSpan(offset, count));

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            this.Receive(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            this.Receive(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        void Receive(ReadOnlySpan<byte> bytes)
        {
            if (bytes.IsEmpty)
            {
                return;
            }

            if (this.PagesReadAtFirstWrite < 0)
            {
                this.PagesReadAtFirstWrite = pagesRead();
            }

            foreach (byte b in bytes)
            {
                if (b == (byte)'\n')
                {
                    this.Lines++;
                    this.firstDone = true;
                }
                else if (!this.firstDone && b != (byte)'\r')
                {
                    this.first.Append((char)b);
                }
            }
        }
    }
}
