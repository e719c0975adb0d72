using System.Security.Cryptography;
using Azure.Storage.Blobs;
using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Evidence;

namespace EsafetyServerless.IntegrationTests;

/// <summary>Write-once evidence storage on Azurite, which (unlike Azure) has no immutability of its own.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class EvidenceVaultTests(AzuriteFixture azurite)
{
    readonly string agency = "agency-" + Guid.NewGuid().ToString("N")[..8];
    readonly TableAuditTrail audit = new(azurite.NewTables(), TimeProvider.System);

    BlobEvidenceVault Vault() => new(azurite.Storage.CreateBlobServiceClient(), this.audit);

    string BlobName() => $"{this.agency}/inc-x/ev-{Guid.NewGuid():N}";

    static string ExpectedHash(long length)
    {
        using IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using GeneratedFileStream file = new(length);
        byte[] buffer = new byte[1 << 20];
        int read;
        while ((read = file.Read(buffer, 0, buffer.Length)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    [Fact]
    public async Task A_50_MB_file_is_hashed_correctly_while_memory_stays_far_below_its_size()
    {
        const long size = 50L * 1024 * 1024;
        string expected = ExpectedHash(size);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = baseline;
        using CancellationTokenSource sampling = new();
        Task sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
                await Task.Delay(10);
            }
        });

        EvidenceFile stored = await this.Vault().StoreAsync(this.BlobName(), "capture.log", new GeneratedFileStream(size), 100L * 1024 * 1024, CancellationToken.None);
        await sampling.CancelAsync();
        await sampler;

        Assert.Equal(expected, stored.Sha256);
        Assert.Equal(size, stored.Length);
        Assert.True(peak - baseline < size / 2, $"Managed memory grew by {(peak - baseline) / (1024 * 1024)} MB while storing a 50 MB file.");
        Assert.Equal(expected, await this.Vault().RehashAsync(stored.BlobName, CancellationToken.None));
    }

    [Fact]
    public async Task Overwriting_or_deleting_evidence_through_the_vault_fails_and_is_recorded()
    {
        string name = this.BlobName();
        EvidenceFile first = await this.Vault().StoreAsync(name, "a.txt", new MemoryStream("original evidence"u8.ToArray()), 1024, CancellationToken.None);

        await Assert.ThrowsAsync<EvidenceImmutableException>(() =>
            this.Vault().StoreAsync(name, "a.txt", new MemoryStream("replacement"u8.ToArray()), 1024, CancellationToken.None));
        await Assert.ThrowsAsync<EvidenceImmutableException>(() => this.Vault().DeleteAsync(name, "tom.tech", CancellationToken.None));

        Assert.Equal(first.Sha256, await this.Vault().RehashAsync(name, CancellationToken.None));
        IReadOnlyList<AuditEntry> entries = await this.audit.ReadAsync(this.agency, CancellationToken.None);
        Assert.Equal(["refused-overwrite", "refused-delete"], entries.Where(e => e.Event.Subject == name).Select(e => e.Event.Action));
        Assert.Equal("tom.tech", entries.Single(e => e.Event.Action == "refused-delete").Event.ActorPersonId);
    }

    [Fact]
    public async Task A_file_longer_than_the_limit_is_refused()
    {
        await Assert.ThrowsAsync<EvidenceTooLargeException>(() =>
            this.Vault().StoreAsync(this.BlobName(), "big.log", new GeneratedFileStream(3 * 1024 * 1024), 1024 * 1024, CancellationToken.None));
    }

    [Fact]
    public async Task Tampering_with_a_stored_file_outside_the_app_is_detected_by_rehashing()
    {
        string name = this.BlobName();
        EvidenceFile stored = await this.Vault().StoreAsync(name, "chat.txt", new MemoryStream("the messages as captured"u8.ToArray()), 1024, CancellationToken.None);

        // Someone with direct storage access changes it (Azure's immutability would stop this; Azurite does not).
        BlobClient direct = azurite.Storage.CreateBlobServiceClient().GetBlobContainerClient(BlobEvidenceVault.Container).GetBlobClient(name);
        await direct.UploadAsync(new BinaryData("the messages, edited"u8.ToArray()), overwrite: true);

        Assert.NotEqual(stored.Sha256, await this.Vault().RehashAsync(name, CancellationToken.None));
    }
}
