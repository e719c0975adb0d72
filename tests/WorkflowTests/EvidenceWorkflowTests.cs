using System.IO.Compression;
using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using EsafetyServerless.Adapters;
using EsafetyServerless.Adapters.Email;
using EsafetyServerless.Adapters.Orchestration;
using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows;
using EsafetyServerless.Workflows.Evidence;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Intake;
using EsafetyServerless.Workflows.Tasks;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Notifications;
using EsafetyServerless.Workflows.Platform.Links;
using EsafetyServerless.Workflows.Platform.Orchestration;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EsafetyServerless.WorkflowTests;

/// <summary>
/// The evidence capability's durable work on the real engine (in memory), every port on Azurite: a disclosure package
/// built by an activity that survives a failure half-way, and a retention purge that a legal hold placed while it
/// runs stops at once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EvidenceWorkflowTests(AzuriteFixture azurite) : IAsyncLifetime
{
    static readonly SignedLinks Links = new(new LinkSigningOptions { SigningKey = "workflow-tests-link-signing-key-0123456789" });
    readonly string agencyId = "agency-" + Guid.NewGuid().ToString("N")[..8];
    readonly FaultyVault vault = new();
    readonly string outbox = Path.Combine(Path.GetTempPath(), "esafety-outbox-" + Guid.NewGuid().ToString("N"));
    DurableTaskTestHost host = null!;
    ServiceProvider services = null!;

    Person Technician => new("tech-" + this.agencyId, "tech@" + this.agencyId + ".example", "Tom", this.agencyId, Role.Technician, "tech@" + this.agencyId + ".example");

    Person Officer => new("officer-" + this.agencyId, "officer@" + this.agencyId + ".example", "Omar", this.agencyId, Role.EsafetyOfficer, "officer@" + this.agencyId + ".example");

    Person Manager => new("head-" + this.agencyId, "head@" + this.agencyId + ".example", "Sarah", this.agencyId, Role.SeniorManager, "head@" + this.agencyId + ".example");

    public async Task InitializeAsync()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageConnection.SettingName] = azurite.ConnectionString,
        }).Build();
        void Shared(IServiceCollection services)
        {
            services.AddLogging();
            services.AddEsafetyStorage(configuration);
            services.AddSingleton(this.vault);
            services.AddSingleton<IEvidenceVault>(sp =>
            {
                this.vault.Inner ??= ActivatorUtilities.CreateInstance<BlobEvidenceVault>(sp);
                return this.vault;
            });
            services.AddSingleton(Links);
            services.AddSingleton(new AppLinks { BaseUrl = "https://esafety.example" });
            services.AddSingleton(new EmailOptions { Provider = EmailProviders.PickupDirectory, PickupDirectory = this.outbox });
            services.AddSingleton<IEmailSender, PickupDirectoryEmailSender>();
            services.AddEsafetyWorkflows();
        }

        this.host = await TestHosts.StartAsync(new DurableTaskTestHostOptions { ConfigureServices = Shared });
        ServiceCollection collection = new();
        Shared(collection);
        collection.AddSingleton<IDurableClientSource>(new FixedDurableClientSource(this.host.Client));
        collection.AddScoped<IWorkflowSignals, DurableWorkflowSignals>();
        this.services = collection.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        if (Directory.Exists(this.outbox))
        {
            Directory.Delete(this.outbox, recursive: true);
        }

        this.vault.Release();
        await this.services.DisposeAsync();
        await this.host.DisposeAsync();
    }

    T UseCase<T>()
        where T : notnull => this.services.CreateScope().ServiceProvider.GetRequiredService<T>();

    async Task<Incident> ReportAsync()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        Incident incident = new()
        {
            IncidentId = IncidentIds.NewId(now),
            AgencyId = this.agencyId,
            Reference = string.Empty,
            Source = IncidentSource.Form,
            SubmittedAt = now,
            ReportedBy = "reporter",
            Report = new IncidentReport(now.AddYears(-30), "Confidential description", HowIdentified.Observed, null, [], Concerns.None),
        };
        return (await this.services.GetRequiredService<IIncidentStore>().CreateAsync(incident, null, CancellationToken.None)).Incident;
    }

    async Task<EvidenceItem> UploadAsync(Incident incident, string fileName, byte[] content)
    {
        Outcome<EvidenceItem> uploaded = await this.UseCase<UploadEvidenceFile>().ExecuteAsync(
            new Actor(this.Technician, "127.0.0.1"), incident.IncidentId, new EvidenceFileDraft(fileName, fileName, content.Length), new MemoryStream(content), CancellationToken.None);
        Assert.Null(uploaded.Failure);
        return uploaded.Value;
    }

    static byte[] TextFile(int kilobytes, char fill) => [.. "log:"u8, .. Enumerable.Repeat((byte)fill, kilobytes * 1024)];

    async Task<List<string>> PackageBlobsAsync(Incident incident)
    {
        BlobContainerClient container = this.services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(BlobDisclosurePackages.Container);
        List<string> names = [];
        if (await container.ExistsAsync())
        {
            await foreach (BlobItem blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{incident.AgencyId}/{incident.IncidentId}/", CancellationToken.None))
            {
                names.Add(blob.Name);
            }
        }

        return names;
    }

    [Fact]
    public async Task A_package_build_that_fails_half_way_keeps_the_approval_leaves_no_half_package_and_is_finished_by_the_activity()
    {
        Incident incident = await this.ReportAsync();
        byte[] first = TextFile(200, 'a');
        byte[] second = TextFile(300, 'b');
        EvidenceItem one = await this.UploadAsync(incident, "one.log", first);
        EvidenceItem two = await this.UploadAsync(incident, "two.log", second);
        Outcome<DisclosureRequest> requested = await this.UseCase<RequestDisclosure>().ExecuteAsync(new Actor(this.Technician, "127.0.0.1"), incident.IncidentId,
            new DisclosureRequestDraft("police", "DC Smith", null, "CR/1/26", "Everything"), CancellationToken.None);
        string requestId = requested.Value.RequestId;

        // The second file breaks off half-way through the first attempt (storage failing, the process or request timing out).
        this.vault.FailSecondRead();
        Outcome<DisclosureDecided> decided = await this.UseCase<DecideDisclosure>().ExecuteAsync(new Actor(this.Manager, "127.0.0.1"), incident.IncidentId, requestId,
            new DisclosureDecisionDraft("approve", "Lawful request"), CancellationToken.None);

        await this.vault.Failed.WaitAsync(TimeSpan.FromSeconds(60));
        DisclosureRequest afterFailure = (await this.services.GetRequiredService<IDisclosureRequests>().FindAsync(incident.IncidentId, requestId, CancellationToken.None))!;
        List<string> blobsAfterFailure = await this.PackageBlobsAsync(incident);
        Outcome<DisclosurePackageState> whilePreparing = await this.UseCase<ShowDisclosureLink>().ExecuteAsync(new Actor(this.Manager, "127.0.0.1"), incident.IncidentId, requestId, CancellationToken.None);
        this.vault.Release();

        Assert.Null(decided.Failure);
        Assert.Equal(DisclosureState.Approved, afterFailure.State);
        Assert.True(afterFailure.Decision?.Approved);
        Assert.Null(afterFailure.Package);
        Assert.Empty(blobsAfterFailure);
        Assert.Null(whilePreparing.Value.Link);

        // The activity's retry builds it; the senior manager gets the link, and the requester the whole package, once.
        DisclosureLink link = await this.WaitForLinkAsync(incident, requestId);
        DisclosureRequest packaged = (await this.services.GetRequiredService<IDisclosureRequests>().FindAsync(incident.IncidentId, requestId, CancellationToken.None))!;
        string token = Uri.UnescapeDataString(link.Path[(link.Path.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
        Outcome<DisclosurePackageDownload> download = await this.UseCase<DownloadDisclosurePackage>().ExecuteAsync(token, "192.0.2.1", CancellationToken.None);
        Assert.Null(download.Failure);
        using MemoryStream zipped = new();
        await using (download.Value.Content)
        {
            await download.Value.Content.CopyToAsync(zipped);
        }

        using ZipArchive zip = new(new MemoryStream(zipped.ToArray()), ZipArchiveMode.Read);
        Assert.Equal(first, Read(zip, $"evidence/{one.EvidenceId}/one.log"));
        Assert.Equal(second, Read(zip, $"evidence/{two.EvidenceId}/two.log"));
        Assert.Equal(packaged.Package!.PackageSha256, Convert.ToHexStringLower(SHA256.HashData(zipped.ToArray())));
        Assert.Equal(packaged.Package.ManifestSha256, link.ManifestSha256);
        Assert.Equal([packaged.Package.BlobName], await this.PackageBlobsAsync(incident));
        IReadOnlyList<CustodyRecord> custody = await this.services.GetRequiredService<CustodyLog>().ReadAsync(incident, CancellationToken.None);
        Assert.Equal(
            [CustodyActions.DisclosureRequested, CustodyActions.DisclosureApproved, CustodyActions.DisclosurePackaged, CustodyActions.Transfer],
            custody.Select(c => c.What).Where(w => w.StartsWith("disclosure", StringComparison.Ordinal) || w == CustodyActions.Transfer));
    }

    async Task<DisclosureLink> WaitForLinkAsync(Incident incident, string requestId)
    {
        for (DateTime until = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < until; await Task.Delay(200))
        {
            Outcome<DisclosurePackageState> state = await this.UseCase<ShowDisclosureLink>().ExecuteAsync(new Actor(this.Manager, "127.0.0.1"), incident.IncidentId, requestId, CancellationToken.None);
            if (state.Value.Link is { } link)
            {
                return link;
            }
        }

        throw new TimeoutException("The package was never built.");
    }

    [Fact]
    public async Task A_legal_hold_placed_while_a_purge_runs_stops_it_before_the_next_deletion()
    {
        Incident incident = await this.ReportAsync();
        EvidenceItem[] files = [await this.UploadAsync(incident, "a.log", TextFile(1, 'a')), await this.UploadAsync(incident, "b.log", TextFile(1, 'b')), await this.UploadAsync(incident, "c.log", TextFile(1, 'c'))];
        RetentionEntry due = RetentionRules.For(incident);
        await this.services.GetRequiredService<IRetentionSchedule>().ScheduleAsync(due, CancellationToken.None);
        Assert.True(due.ReviewDueAt < DateTimeOffset.UtcNow);

        // The police ask for the evidence to be kept: the senior manager's hold lands just after the first file is deleted.
        this.vault.AfterFirstPurge = () => this.UseCase<PlaceEvidenceHold>().ExecuteAsync(new Actor(this.Manager, "127.0.0.1"), incident.IncidentId, "Police investigation", CancellationToken.None);
        Outcome<IncidentPurged> purged = await this.UseCase<PurgeIncident>().ExecuteAsync(new Actor(this.Officer, "127.0.0.1"), incident.IncidentId,
            new PurgeDraft("Reviewed: past its retention date", incident.Reference), CancellationToken.None);

        Assert.Equal(FailureKind.Conflict, purged.Failure?.Kind);
        Assert.NotNull(await this.services.GetRequiredService<IIncidentStore>().FindAsync(incident.IncidentId, CancellationToken.None));
        Assert.True((await this.services.GetRequiredService<ILegalHolds>().FindAsync(incident.IncidentId, CancellationToken.None))?.IsActive);
        int readable = 0;
        foreach (EvidenceItem file in files)
        {
            try
            {
                await (await this.vault.OpenReadAsync(file.File!.BlobName, CancellationToken.None)).DisposeAsync();
                readable++;
            }
            catch (Azure.RequestFailedException ex) when (ex.Status == 404)
            {
                // Purged before the hold.
            }
        }

        Assert.Equal(2, readable);
    }

    [Fact]
    public async Task An_emailed_report_never_triaged_has_a_retention_date_and_comes_up_for_review_when_it_is_due()
    {
        Agency agency = new(this.agencyId, "Test school", AgencyKind.School, "incidents@" + this.agencyId + ".example");
        Person staff = new("staff-" + this.agencyId, "staff@" + this.agencyId + ".example", "Amy", this.agencyId, Role.Staff, "staff@" + this.agencyId + ".example");
        IPeopleDirectory directory = this.services.GetRequiredService<IPeopleDirectory>();
        await directory.SaveAgencyAsync(agency, CancellationToken.None);
        await directory.SavePersonAsync(staff, CancellationToken.None);
        byte[] raw = "From: staff@x.example\r\nSubject: Worrying chat\r\n\r\nA pupil showed me messages.\r\n"u8.ToArray();

        Outcome<EmailReceipt> received = await this.UseCase<AcceptInboundEmail>().ExecuteAsync(
            new InboundEmail(InboundChannels.Smtp, staff.Email, [agency.IntakeAddress], "Worrying chat", "A pupil showed me messages.", raw, [], SenderVerified: true), CancellationToken.None);
        string incidentId = received.Value.IncidentId!;
        Incident incident = (await this.services.GetRequiredService<IIncidentStore>().FindAsync(incidentId, CancellationToken.None))!;

        // Nobody triages it, ever: it still has a retention date, by the rule for a record that names no child.
        IRetentionSchedule schedule = this.services.GetRequiredService<IRetentionSchedule>();
        RetentionEntry? entry = await schedule.FindAsync(incidentId, CancellationToken.None);
        Assert.Equal(IncidentStatus.AwaitingTriage, incident.Status);
        Assert.NotNull(entry);
        Assert.Equal(incident.Report.OccurredAt.AddYears(25), entry.ReviewDueAt);

        ITaskStore tasks = this.services.GetRequiredService<ITaskStore>();
        FakeTimeProvider dayAfter = new(entry.ReviewDueAt.AddDays(1));
        await new RetentionReviewJob(schedule, tasks, dayAfter).RunAsync(dayAfter.GetUtcNow(), CancellationToken.None);
        WorkTask? task = await tasks.FindAsync(this.agencyId, incidentId + "-retention", CancellationToken.None);
        Assert.Equal((WorkTaskKind.RetentionReview, Role.EsafetyOfficer), (task?.Kind, task?.AssigneeRole));
    }

    static byte[] Read(ZipArchive zip, string path)
    {
        using Stream entry = zip.GetEntry(path)!.Open();
        using MemoryStream copy = new();
        entry.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>
    /// The real vault, with faults on cue: the second file read for a package breaks off half-way and later reads wait
    /// until the test has looked at the wreckage; a callback runs after the first retention deletion.
    /// </summary>
    public sealed class FaultyVault : IEvidenceVault
    {
        readonly TaskCompletionSource failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        int reads = -1;

        public IEvidenceVault? Inner { get; set; }

        public Task Failed => this.failed.Task;

        public Func<Task>? AfterFirstPurge { get; set; }

        public void FailSecondRead() => this.reads = 0;

        public void Release() => this.released.TrySetResult();

        public Task<EvidenceFile> StoreAsync(string blobName, string fileName, Stream content, long maxBytes, CancellationToken cancellationToken) =>
            this.Inner!.StoreAsync(blobName, fileName, content, maxBytes, cancellationToken);

        public Task<EvidenceFile?> FindStoredAsync(string blobName, string fileName, CancellationToken cancellationToken) =>
            this.Inner!.FindStoredAsync(blobName, fileName, cancellationToken);

        public Task<string> RehashAsync(string blobName, CancellationToken cancellationToken) => this.Inner!.RehashAsync(blobName, cancellationToken);

        public async Task<Stream> OpenReadAsync(string blobName, CancellationToken cancellationToken)
        {
            if (this.reads >= 0)
            {
                int read = Interlocked.Increment(ref this.reads);
                if (read == 2)
                {
                    return new BreaksOffStream(await this.Inner!.OpenReadAsync(blobName, cancellationToken), this.failed);
                }

                if (read > 2)
                {
                    await this.released.Task;
                }
            }

            return await this.Inner!.OpenReadAsync(blobName, cancellationToken);
        }

        public Task DeleteAsync(string blobName, string requestedBy, CancellationToken cancellationToken) => this.Inner!.DeleteAsync(blobName, requestedBy, cancellationToken);

        public async Task PurgeForRetentionAsync(string blobName, RetentionPurgeAuthority authority, CancellationToken cancellationToken)
        {
            await this.Inner!.PurgeForRetentionAsync(blobName, authority, cancellationToken);
            if (this.AfterFirstPurge is { } then)
            {
                this.AfterFirstPurge = null;
                await then();
            }
        }

        /// <summary>Gives the first 64 KB, then fails as a dropped connection would.</summary>
        sealed class BreaksOffStream(Stream inner, TaskCompletionSource failed) : Stream
        {
            long position;

            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => inner.Length;

            public override long Position { get => this.position; set => throw new NotSupportedException(); }

            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                if (this.position >= 64 * 1024)
                {
                    failed.TrySetResult();
                    throw new IOException("The connection to storage was lost.");
                }

                int read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, (64 * 1024) - this.position)], cancellationToken);
                this.position += read;
                return read;
            }

            public override int Read(byte[] buffer, int offset, int count) => this.ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    inner.Dispose();
                }

                base.Dispose(disposing);
            }
        }
    }
}
