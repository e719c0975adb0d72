using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Blobs;
using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Evidence;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace EsafetyServerless.IntegrationTests;

/// <summary>Legal holds, the retention schedule and its daily job, export packages and the retention purge, on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class EvidenceRecordsTests(AzuriteFixture azurite)
{
    readonly string agency = "agency-" + Guid.NewGuid().ToString("N")[..8];
    readonly StorageTables tables = azurite.NewTables();

    static string IncidentId() => IncidentIds.NewId(DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_hold_is_placed_once_released_once_and_only_a_person_can_place_a_new_one_after_release()
    {
        TableEvidenceRecords holds = new(this.tables);
        string id = IncidentId();
        DateTimeOffset now = DateTimeOffset.UtcNow;

        (LegalHold first, bool placed) = await holds.PlaceAsync(new LegalHold(id, this.agency, now, "system", "serious", Automatic: true), replaceReleased: false, CancellationToken.None);
        (_, bool placedAgain) = await holds.PlaceAsync(new LegalHold(id, this.agency, now, "system", "retry", Automatic: true), replaceReleased: false, CancellationToken.None);
        LegalHold? released = await holds.ReleaseAsync(id, "sarah", "police closed the case", now, CancellationToken.None);
        LegalHold? releasedAgain = await holds.ReleaseAsync(id, "sarah", "again", now, CancellationToken.None);
        (_, bool automaticAfterRelease) = await holds.PlaceAsync(new LegalHold(id, this.agency, now, "system", "retry", Automatic: true), replaceReleased: false, CancellationToken.None);
        (LegalHold manual, bool placedByHand) = await holds.PlaceAsync(new LegalHold(id, this.agency, now, "omar", "new police request", Automatic: false), replaceReleased: true, CancellationToken.None);

        Assert.True(placed);
        Assert.Equal("serious", first.Reason);
        Assert.False(placedAgain);
        Assert.Equal(("sarah", "police closed the case", false), (released!.ReleasedBy, released.ReleaseReason, released.IsActive));
        Assert.Null(releasedAgain);
        Assert.False(automaticAfterRelease);
        Assert.True(placedByHand);
        Assert.True((await holds.FindAsync(id, CancellationToken.None))!.IsActive);
        Assert.Equal("new police request", manual.Reason);
    }

    [Fact]
    public async Task The_daily_job_reads_only_due_entries_and_opens_one_task_per_incident_for_the_officer()
    {
        TableRetentionSchedule schedule = new(this.tables);
        TableTaskStore tasks = new(this.tables);
        FakeTimeProvider clock = new(new DateTimeOffset(2041, 1, 10, 2, 30, 0, TimeSpan.Zero));
        RetentionEntry due = new(IncidentId(), this.agency, "AG-2016-0001", RetentionRecordType.ChildProtection, new DateTimeOffset(2041, 1, 9, 0, 0, 0, TimeSpan.Zero), "child + 25 years");
        RetentionEntry later = new(IncidentId(), this.agency, "AG-2016-0002", RetentionRecordType.ChildProtection, new DateTimeOffset(2043, 6, 1, 0, 0, 0, TimeSpan.Zero), "child + 25 years");
        RetentionEntry moved = new(IncidentId(), this.agency, "AG-2016-0003", RetentionRecordType.AllegationAgainstStaff, new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero), "10 years");
        await schedule.ScheduleAsync(due, CancellationToken.None);
        await schedule.ScheduleAsync(later, CancellationToken.None);
        await schedule.ScheduleAsync(moved, CancellationToken.None);
        await schedule.ScheduleAsync(moved with { ReviewDueAt = new DateTimeOffset(2060, 1, 1, 0, 0, 0, TimeSpan.Zero) }, CancellationToken.None);

        RetentionReviewJob job = new(schedule, tasks, clock);
        await job.RunAsync(clock.GetUtcNow(), CancellationToken.None);
        await job.RunAsync(clock.GetUtcNow(), CancellationToken.None);

        IReadOnlyList<RetentionEntry> listed = (await schedule.ListDueAsync(clock.GetUtcNow(), CancellationToken.None)).Where(e => e.AgencyId == this.agency).ToList();
        Assert.Equal([due.IncidentId], listed.Select(e => e.IncidentId));
        Assert.True(listed.Single().Flagged);
        WorkTask task = Assert.Single(await tasks.ListAsync(this.agency, CancellationToken.None));
        Assert.Equal((WorkTaskKind.RetentionReview, due.IncidentId, "/retention"), (task.Kind, task.SubjectId, task.Link));
        Assert.Equal(new DateTimeOffset(2060, 1, 1, 0, 0, 0, TimeSpan.Zero), (await schedule.FindAsync(moved.IncidentId, CancellationToken.None))!.ReviewDueAt);
    }

    [Fact]
    public async Task The_export_manifest_hashes_match_the_files_and_a_tampered_file_is_detected_by_verification()
    {
        TableAuditTrail audit = new(this.tables, TimeProvider.System);
        BlobServiceClient blobs = azurite.Storage.CreateBlobServiceClient();
        BlobEvidenceVault vault = new(blobs, audit);
        BlobDisclosurePackages packages = new(blobs, vault);
        string incidentId = IncidentId();
        DateTimeOffset now = DateTimeOffset.UtcNow;
        byte[] screenshot = RandomNumberGenerator.GetBytes(300_000);
        byte[] log = "12:01 message sent\n12:02 message read\n"u8.ToArray();
        List<EvidenceItem> items = [];
        foreach ((string id, string name, byte[] bytes) in new[] { ("ev-1", "screenshot.png", screenshot), ("ev-2", "chat.log", log) })
        {
            EvidenceFile file = await vault.StoreAsync($"{this.agency}/{incidentId}/{id}", name, new MemoryStream(bytes), 1 << 20, CancellationToken.None);
            items.Add(new EvidenceItem(id, incidentId, this.agency, EvidenceKind.File, name, null, "tom", now, File: file));
        }

        items.Add(new EvidenceItem("ev-3", incidentId, this.agency, EvidenceKind.Held, "Pupil's phone", null, "tom", now, Held: new HeldItem("Head's safe", "Tom", now, "SB-1")));
        DisclosureRequest request = new("dr-1", incidentId, this.agency, RequestingBody.Police, "DC Smith", "Police", "CR-123", "All files", "tom", now,
            DisclosureState.Approved, new DisclosureDecision(true, "sarah", now, "lawful request"));
        CustodyRecord custody = new(1, now, "upload", "ev-1", "tom", "Technician", "127.0.0.1", null, new string('a', 64));

        (DisclosurePackage package, _) = await packages.CreateAsync(
            new DisclosurePackageContents(request, "AG-2026-0001", request.Decision!, items, [custody], now.AddDays(7)), now, CancellationToken.None);
        using MemoryStream zipped = new();
        await using (Stream stream = await packages.OpenReadAsync(package.BlobName, CancellationToken.None))
        {
            await stream.CopyToAsync(zipped);
        }

        using ZipArchive zip = new(new MemoryStream(zipped.ToArray()), ZipArchiveMode.Read);
        byte[] manifestBytes = Read(zip, "manifest.json");
        using JsonDocument manifest = JsonDocument.Parse(manifestBytes);
        List<JsonElement> listed = manifest.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(3, listed.Count);
        foreach (JsonElement item in listed.Where(i => i.GetProperty("kind").GetString() == "file"))
        {
            string inPackage = Convert.ToHexStringLower(SHA256.HashData(Read(zip, item.GetProperty("path").GetString()!)));
            Assert.Equal(item.GetProperty("sha256").GetString(), inPackage);
            Assert.Equal(item.GetProperty("sha256AtExport").GetString(), inPackage);
        }

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(screenshot)), listed[0].GetProperty("sha256").GetString());
        Assert.Equal("SB-1", listed[2].GetProperty("held").GetProperty("sealNumber").GetString());
        string manifestHash = Convert.ToHexStringLower(SHA256.HashData(manifestBytes));
        Assert.Equal(manifestHash, package.ManifestSha256);
        Assert.Equal(manifestHash + "  manifest.json\n", System.Text.Encoding.ASCII.GetString(Read(zip, "manifest.sha256")));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Read(zip, "custody.json"))), manifest.RootElement.GetProperty("custodyLogSha256").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(zipped.ToArray())), package.PackageSha256);

        // Someone with direct storage access edits one stored file: verification (a re-hash) tells.
        await blobs.GetBlobContainerClient(BlobEvidenceVault.Container).GetBlobClient(items[1].File!.BlobName)
            .UploadAsync(new BinaryData("12:01 nothing happened\n"u8.ToArray()), overwrite: true);
        Assert.Equal(items[0].File!.Sha256, await vault.RehashAsync(items[0].File!.BlobName, CancellationToken.None));
        Assert.NotEqual(items[1].File!.Sha256, await vault.RehashAsync(items[1].File!.BlobName, CancellationToken.None));
    }

    [Fact]
    public async Task A_retention_purge_is_the_one_deletion_the_vault_allows_and_it_is_recorded()
    {
        TableAuditTrail audit = new(this.tables, TimeProvider.System);
        BlobServiceClient blobs = azurite.Storage.CreateBlobServiceClient();
        BlobEvidenceVault vault = new(blobs, audit);
        string incidentId = IncidentId();
        string name = $"{this.agency}/{incidentId}/ev-1";
        await vault.StoreAsync(name, "a.txt", new MemoryStream("kept for 25 years"u8.ToArray()), 1024, CancellationToken.None);

        await Assert.ThrowsAsync<EvidenceImmutableException>(() => vault.DeleteAsync(name, "tom", CancellationToken.None));
        await vault.PurgeForRetentionAsync(name, new RetentionPurgeAuthority(incidentId, "omar", "reviewed: past retention", DateTimeOffset.UtcNow), CancellationToken.None);

        Assert.False(await blobs.GetBlobContainerClient(BlobEvidenceVault.Container).GetBlobClient(name).ExistsAsync());
        IReadOnlyList<AuditEntry> entries = await audit.ReadAsync(this.agency, CancellationToken.None);
        Assert.Equal(["refused-delete", "retention-purge"], entries.Select(e => e.Event.Action));
        Assert.Equal("omar", entries[1].Event.ActorPersonId);
        Assert.Contains(incidentId, entries[1].Event.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_custody_index_reads_just_the_incidents_entries_of_the_agencys_trail_in_order()
    {
        TableAuditTrail audit = new(this.tables, TimeProvider.System);
        TableCustodyIndex index = new(this.tables);
        string mine = IncidentId();
        string other = IncidentId();
        foreach ((string incident, string action) in new[] { (mine, "custody:upload"), (other, "custody:upload"), (mine, "custody:download"), (other, "read"), (mine, "custody:verify") })
        {
            AuditEntry entry = await audit.AppendAsync(new AuditEvent(this.agency, "tom", "Technician", action, incident, "127.0.0.1"), CancellationToken.None);
            if (action.StartsWith("custody:", StringComparison.Ordinal))
            {
                await index.AddAsync(incident, entry.Sequence, CancellationToken.None);
            }
        }

        IReadOnlyList<long> sequences = await index.ListAsync(mine, CancellationToken.None);
        IReadOnlyList<AuditEntry> entries = await audit.ReadAsync(this.agency, sequences, CancellationToken.None);

        Assert.Equal([1L, 3L, 5L], sequences);
        Assert.Equal(["custody:upload", "custody:download", "custody:verify"], entries.Select(e => e.Event.Action));
        Assert.All(entries, e => Assert.Equal(AuditChain.ComputeHash(e.PreviousHash, e.Sequence, e.At, e.Event), e.Hash));
    }

    static byte[] Read(ZipArchive zip, string path)
    {
        using Stream entry = zip.GetEntry(path)!.Open();
        using MemoryStream copy = new();
        entry.CopyTo(copy);
        return copy.ToArray();
    }
}
