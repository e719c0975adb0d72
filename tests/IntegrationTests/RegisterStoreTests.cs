using System.Text.Json;
using Azure.Data.Tables;
using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Registers;
using EsafetyServerless.Workflows.Reviews;

namespace EsafetyServerless.IntegrationTests;

/// <summary>
/// The registers on Azurite: the due index follows each item's due date, signatures are kept per version, and an
/// item's review history grows without limit (each review its own row), including items stored before it did.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RegisterStoreTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);
    static readonly JsonSerializerOptions LegacyJson = new(TableJson.Options) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
    readonly StorageTables tables;
    readonly string prefix = "R" + Guid.NewGuid().ToString("N")[..8];
    readonly TableRegisterStore store;

    public RegisterStoreTests(AzuriteFixture azurite)
    {
        this.tables = azurite.NewTables();
        this.store = new TableRegisterStore(this.tables, this.prefix);
    }

    static RegisterItem Policy(string itemId) => new("agency-a", itemId, RegisterKind.Policy, "E-safety policy", Today.AddMonths(-12).AddDays(10), Today.AddDays(10), Now, "x",
        Policy: new PolicyDetails(PolicyKind.EsafetyPolicy));

    /// <summary>A review as long as the review form allows in its lists: 20 issues and 10 stakeholders of 900 characters.</summary>
    static ReviewDraft LongReview(int n) => new(
        [.. Enumerable.Range(0, 20).Select(i => $"Issue {n}.{i}: " + new string('i', 900))], [new ReviewAction("Update the policy " + n, "amy.staff")],
        [.. Enumerable.Range(0, 10).Select(i => $"Stakeholder {n}.{i}: " + new string('s', 900))], Today.AddDays(-30 + n));

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

    [Fact]
    public async Task An_item_takes_review_after_long_review_and_keeps_every_one_in_order()
    {
        await this.store.CreateAsync(Policy("policy-long"), CancellationToken.None);

        for (int n = 0; n < 12; n++)
        {
            await this.store.UpdateAsync("agency-a", "policy-long", i => ReviewRules.Complete(i, LongReview(n), "rev-" + n, "amy.staff", Today, Now), CancellationToken.None);
        }

        RegisterItem found = (await this.store.FindAsync("agency-a", "policy-long", CancellationToken.None))!;
        RegisterItem listed = Assert.Single(await this.store.ListAsync("agency-a", CancellationToken.None), i => i.ItemId == "policy-long");
        Assert.Equal(Enumerable.Range(0, 12).Select(n => "rev-" + n), found.ReviewHistory.Select(r => r.ReviewId));
        Assert.Equal(LongReview(11).IssuesIdentified, found.ReviewHistory[^1].IssuesIdentified);
        Assert.Equal(found.ReviewHistory.Select(r => r.ReviewId), listed.ReviewHistory.Select(r => r.ReviewId));
        Assert.Equal(ReviewCycle.NextDue(Today.AddDays(-19)), found.NextReviewDue);
    }

    [Fact]
    public async Task Reviews_recorded_at_the_same_moment_are_all_kept()
    {
        await this.store.CreateAsync(Policy("policy-busy"), CancellationToken.None);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(n => this.store.UpdateAsync(
            "agency-a", "policy-busy", i => ReviewRules.Complete(i, LongReview(n), "rev-" + n, "amy.staff", Today, Now), CancellationToken.None)));

        RegisterItem found = (await this.store.FindAsync("agency-a", "policy-busy", CancellationToken.None))!;
        Assert.Equal(Enumerable.Range(0, 8).Select(n => "rev-" + n).Order(), found.ReviewHistory.Select(r => r.ReviewId).Order());
    }

    [Fact]
    public async Task An_item_stored_with_its_history_inside_reads_as_before_and_takes_more_reviews()
    {
        // How an item was stored before reviews had their own rows: the whole history inside the item's one property.
        RegisterItem legacy = Policy("policy-old") with
        {
            Reviews =
            [
                new ReviewRecord("rev-a", Today.AddMonths(-24), "amy.staff", ["Old issue"], [], ["Staff"], Today.AddMonths(-12)),
                new ReviewRecord("rev-b", Today.AddMonths(-12).AddDays(10), "amy.staff", [], [], ["Parents"], Today.AddDays(10)),
            ],
        };
        TableClient registers = await this.tables.GetAsync(this.prefix + TableNames.Registers);
        await registers.AddEntityAsync(new TableEntity("agency-a", "policy-old") { ["Kind"] = "Policy", ["Item"] = JsonSerializer.Serialize(legacy, LegacyJson) }, CancellationToken.None);

        RegisterItem before = (await this.store.FindAsync("agency-a", "policy-old", CancellationToken.None))!;
        await this.store.UpdateAsync("agency-a", "policy-old", i => ReviewRules.Complete(i, LongReview(1), "rev-c", "amy.staff", Today, Now), CancellationToken.None);
        await this.store.UpdateAsync("agency-a", "policy-old", i => i with { Title = "E-safety policy (2027)" }, CancellationToken.None);

        RegisterItem after = (await this.store.FindAsync("agency-a", "policy-old", CancellationToken.None))!;
        Assert.Equal(["rev-a", "rev-b"], before.ReviewHistory.Select(r => r.ReviewId));
        Assert.Equal(["rev-a", "rev-b", "rev-c"], after.ReviewHistory.Select(r => r.ReviewId));
        Assert.Equal(["Old issue"], after.ReviewHistory[0].IssuesIdentified);
        Assert.Equal("E-safety policy (2027)", after.Title);
        Assert.Equal(["rev-a", "rev-b", "rev-c"], Assert.Single(await this.store.ListAsync("agency-a", CancellationToken.None)).ReviewHistory.Select(r => r.ReviewId));
    }
}
