using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Registers;

namespace EsafetyServerless.IntegrationTests;

/// <summary>The registers on Azurite: the due index follows each item's due date, and signatures are kept per version.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RegisterStoreTests(AzuriteFixture azurite)
{
    static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);
    readonly TableRegisterStore store = new(azurite.NewTables(), "R" + Guid.NewGuid().ToString("N")[..8]);

    async Task<List<DueEntry>> DueAsync(DateOnly through)
    {
        List<DueEntry> due = [];
        await foreach (DueEntry entry in this.store.ListDueAsync(through, CancellationToken.None))
        {
            due.Add(entry);
        }

        return due;
    }

    [Fact]
    public async Task The_due_index_moves_with_the_item_and_the_scan_sees_only_what_is_due_by_then()
    {
        RegisterItem policy = new("agency-a", "policy-abc", RegisterKind.Policy, "E-safety policy", Today.AddMonths(-12).AddDays(10), Today.AddDays(10), Now, "x",
            Policy: new PolicyDetails(PolicyKind.EsafetyPolicy));
        await this.store.CreateAsync(policy, CancellationToken.None);
        List<DueEntry> before = await this.DueAsync(Today.AddDays(30));

        await this.store.UpdateAsync("agency-a", "policy-abc", p => p with { LastReviewed = Today, NextReviewDue = Today.AddMonths(12) }, CancellationToken.None);

        Assert.Equal([new DueEntry("agency-a", "policy-abc", RegisterKind.Policy, Today.AddDays(10))], before);
        Assert.Empty(await this.DueAsync(Today.AddDays(30)));
        Assert.Equal([new DueEntry("agency-a", "policy-abc", RegisterKind.Policy, Today.AddMonths(12))], await this.DueAsync(Today.AddMonths(13)));
        Assert.Empty(await this.DueAsync(Today.AddDays(9)));
    }

    [Fact]
    public async Task Signatures_are_listed_per_AUP_newest_first_and_every_signing_is_kept_even_of_the_same_version_by_the_same_name()
    {
        AupSignature first = new("agency-a", "aup-1", "2", "amy.staff", SignedBy.Self, null, Now, "amy.staff");
        await this.store.AddSignatureAsync(first, CancellationToken.None);
        await this.store.AddSignatureAsync(first with { SignedAt = Now.AddDays(1) }, CancellationToken.None);
        await this.store.AddSignatureAsync(first with { Version = "3", SignedAt = Now.AddDays(2) }, CancellationToken.None);
        await this.store.AddSignatureAsync(first with { AupId = "aup-10" }, CancellationToken.None);

        IReadOnlyList<AupSignature> signatures = await this.store.ListSignaturesAsync("agency-a", "aup-1", CancellationToken.None);

        Assert.Equal([("3", Now.AddDays(2)), ("2", Now.AddDays(1)), ("2", Now)], signatures.Select(s => (s.Version, s.SignedAt)));
    }
}
