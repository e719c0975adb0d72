using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using EsafetyServerless.Adapters;
using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows;
using EsafetyServerless.Workflows.Evidence;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EsafetyServerless.IntegrationTests;

/// <summary>
/// Uploading evidence through the use case, every port on Azurite: whatever fails part-way, no file is stored that
/// the register does not know about.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EvidenceUploadTests : IDisposable
{
    readonly string agencyId = "agency-" + Guid.NewGuid().ToString("N")[..8];
    readonly FailingRegister register;
    readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    readonly ServiceProvider services;

    public EvidenceUploadTests(AzuriteFixture azurite)
    {
        ServiceCollection collection = new();
        collection.AddLogging();
        collection.AddSingleton<TimeProvider>(this.clock);
        collection.AddEsafetyStorage(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageConnection.SettingName] = azurite.ConnectionString,
        }).Build());
        collection.AddEsafetyWorkflows();
        collection.AddSingleton<FailingRegister>(sp => new FailingRegister(ActivatorUtilities.CreateInstance<TableEvidenceRegister>(sp)));
        collection.AddSingleton<IEvidenceRegister>(sp => sp.GetRequiredService<FailingRegister>());
        this.services = collection.BuildServiceProvider();
        this.register = this.services.GetRequiredService<FailingRegister>();
    }

    public void Dispose() => this.services.Dispose();

    Actor Technician => new(new Person("tech-" + this.agencyId, "tech@" + this.agencyId + ".example", "Tom", this.agencyId, Role.Technician, "tech@" + this.agencyId + ".example"), "127.0.0.1");

    T UseCase<T>()
        where T : notnull => this.services.CreateScope().ServiceProvider.GetRequiredService<T>();

    async Task<Incident> ReportAsync()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        return (await this.services.GetRequiredService<IIncidentStore>().CreateAsync(new Incident
        {
            IncidentId = IncidentIds.NewId(now),
            AgencyId = this.agencyId,
            Reference = string.Empty,
            Source = IncidentSource.Form,
            SubmittedAt = now,
            ReportedBy = "reporter",
            Report = new IncidentReport(now, "Confidential description", HowIdentified.Observed, null, [], Concerns.None),
        }, null, CancellationToken.None)).Incident;
    }

    async Task<List<string>> StoredBlobsAsync(Incident incident)
    {
        BlobContainerClient container = this.services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(BlobEvidenceVault.Container);
        List<string> names = [];
        await foreach (BlobItem blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{incident.AgencyId}/{incident.IncidentId}/", CancellationToken.None))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    [Fact]
    public async Task A_file_stored_just_before_the_process_died_is_still_in_the_register_with_its_hash()
    {
        Incident incident = await this.ReportAsync();
        byte[] content = [.. "14:01 unknown: where do you live?\n"u8, .. Enumerable.Repeat((byte)'x', 300_000)];

        // The bytes are stored; the register write that follows them fails as if the process had died at that moment.
        this.register.FailNextWriteOfAStoredFile();
        await Assert.ThrowsAnyAsync<Exception>(() => this.UseCase<UploadEvidenceFile>().ExecuteAsync(
            this.Technician, incident.IncidentId, new EvidenceFileDraft("Chat log", "chat.log", content.Length), new MemoryStream(content), CancellationToken.None));

        // Later (the request is long gone), someone looks at the register.
        this.clock.Advance(TimeSpan.FromMinutes(15));
        List<string> blobs = await this.StoredBlobsAsync(incident);
        Outcome<EvidenceRegister> read = await this.UseCase<ReadEvidenceRegister>().ExecuteAsync(this.Technician, incident.IncidentId, CancellationToken.None);
        EvidenceItem item = Assert.Single(read.Value.Items);
        Assert.Equal(blobs, [item.File?.BlobName ?? "(no file)"]);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), item.File!.Sha256);
        Assert.Equal(content.Length, item.File.Length);
        IReadOnlyList<CustodyRecord> custody = await this.services.GetRequiredService<CustodyLog>().ReadAsync(incident, CancellationToken.None);
        Assert.Single(custody, c => c.What == CustodyActions.Upload);
    }

    [Fact]
    public async Task An_upload_that_breaks_off_leaves_neither_a_file_nor_a_register_entry()
    {
        Incident incident = await this.ReportAsync();

        await Assert.ThrowsAsync<IOException>(() => this.UseCase<UploadEvidenceFile>().ExecuteAsync(
            this.Technician, incident.IncidentId, new EvidenceFileDraft("Chat log", "chat.log", 10_000_000), new GeneratedFileStream(5_000_000, breaksOff: true), CancellationToken.None));

        Outcome<EvidenceRegister> read = await this.UseCase<ReadEvidenceRegister>().ExecuteAsync(this.Technician, incident.IncidentId, CancellationToken.None);
        Assert.Empty(read.Value.Items);
        Assert.Empty(await this.StoredBlobsAsync(incident));
    }

    /// <summary>The real register, whose next write of an item with its stored file fails once.</summary>
    public sealed class FailingRegister(IEvidenceRegister inner) : IEvidenceRegister
    {
        bool failNext;

        public void FailNextWriteOfAStoredFile() => this.failNext = true;

        public Task AddAsync(EvidenceItem item, CancellationToken cancellationToken) => this.Fault(item) ?? inner.AddAsync(item, cancellationToken);

        public Task UpdateAsync(EvidenceItem item, CancellationToken cancellationToken) => this.Fault(item) ?? inner.UpdateAsync(item, cancellationToken);

        Task? Fault(EvidenceItem item)
        {
            if (!this.failNext || item.File is null)
            {
                return null;
            }

            this.failNext = false;
            return Task.FromException(new InvalidOperationException("The process stopped here."));
        }

        public Task<IReadOnlyList<EvidenceItem>> ListAsync(string incidentId, CancellationToken cancellationToken) => inner.ListAsync(incidentId, cancellationToken);

        public Task<EvidenceItem?> FindAsync(string incidentId, string evidenceId, CancellationToken cancellationToken) => inner.FindAsync(incidentId, evidenceId, cancellationToken);

        public Task RemoveAsync(string incidentId, string evidenceId, CancellationToken cancellationToken) => inner.RemoveAsync(incidentId, evidenceId, cancellationToken);

        public Task DeleteAllAsync(string incidentId, CancellationToken cancellationToken) => inner.DeleteAllAsync(incidentId, cancellationToken);
    }
}
