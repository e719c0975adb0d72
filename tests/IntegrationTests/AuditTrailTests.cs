using Azure.Data.Tables;
using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Audit;

namespace EsafetyServerless.IntegrationTests;

/// <summary>The hash-chained audit trail on real table storage: someone with storage access edits or deletes rows.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AuditTrailTests(AzuriteFixture azurite)
{
    readonly TableAuditTrail trail = new(azurite.NewTables(), TimeProvider.System);
    readonly string agency = "agency-" + Guid.NewGuid().ToString("N")[..8];

    async Task AppendAsync(int count)
    {
        for (int i = 0; i < count; i++)
        {
            await this.trail.AppendAsync(new AuditEvent(this.agency, "omar.officer", "EsafetyOfficer", AuditActions.Read, "inc-" + i, "127.0.0.1"), CancellationToken.None);
        }
    }

    TableClient Table => new(azurite.ConnectionString, TableNames.AuditTrail);

    [Fact]
    public async Task An_untouched_trail_verifies_and_keeps_its_order()
    {
        await this.AppendAsync(5);

        AuditVerification result = await this.trail.VerifyAsync(this.agency, CancellationToken.None);

        Assert.True(result.Intact, string.Join("; ", result.Problems));
        Assert.Equal(5, result.EntriesChecked);
        Assert.Equal(["inc-0", "inc-1", "inc-2", "inc-3", "inc-4"], (await this.trail.ReadAsync(this.agency, CancellationToken.None)).Select(e => e.Event.Subject));
    }

    [Fact]
    public async Task Editing_an_entry_in_storage_is_detected()
    {
        await this.AppendAsync(3);
        TableEntity second = await this.Table.GetEntityAsync<TableEntity>(this.agency, 2L.ToString("D19", System.Globalization.CultureInfo.InvariantCulture));
        second["ActorPersonId"] = "someone.else";
        await this.Table.UpdateEntityAsync(second, second.ETag, TableUpdateMode.Replace);

        AuditVerification result = await this.trail.VerifyAsync(this.agency, CancellationToken.None);

        Assert.False(result.Intact);
        Assert.Contains("Entry 2 has been altered.", result.Problems);
    }

    [Fact]
    public async Task Deleting_an_entry_in_storage_is_detected()
    {
        await this.AppendAsync(3);
        await this.Table.DeleteEntityAsync(this.agency, 2L.ToString("D19", System.Globalization.CultureInfo.InvariantCulture));

        AuditVerification result = await this.trail.VerifyAsync(this.agency, CancellationToken.None);

        Assert.False(result.Intact);
        Assert.Contains("Entry 2 is missing (found 3 next).", result.Problems);
    }

    [Fact]
    public async Task Concurrent_appends_never_fork_the_chain()
    {
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            this.trail.AppendAsync(new AuditEvent(this.agency, "p" + i, "Staff", AuditActions.Create, "inc-" + i, null), CancellationToken.None)));

        AuditVerification result = await this.trail.VerifyAsync(this.agency, CancellationToken.None);

        Assert.True(result.Intact, string.Join("; ", result.Problems));
        Assert.Equal(8, result.EntriesChecked);
    }

    [Fact]
    public async Task Fifty_concurrent_appends_to_one_agency_make_one_unbroken_chain()
    {
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            this.trail.AppendAsync(new AuditEvent(this.agency, "p" + i, "Staff", AuditActions.Read, "inc-" + i, null), CancellationToken.None)));

        AuditVerification result = await this.trail.VerifyAsync(this.agency, CancellationToken.None);

        Assert.True(result.Intact, string.Join("; ", result.Problems));
        Assert.Equal(50, result.EntriesChecked);
    }

    [Fact]
    public async Task Two_processes_appending_to_one_agency_in_turns_and_at_once_make_one_unbroken_chain()
    {
        // Each trail remembers the head it last wrote; the other one moving it must be noticed, never forked.
        TableAuditTrail other = new(azurite.NewTables(), TimeProvider.System);
        AuditEvent Read(int i) => new(this.agency, "omar.officer", "EsafetyOfficer", AuditActions.Read, "inc-" + i, null);
        for (int i = 0; i < 6; i++)
        {
            await (i % 2 == 0 ? this.trail : other).AppendAsync(Read(i), CancellationToken.None);
        }

        await Task.WhenAll(Enumerable.Range(6, 40).Select(i => (i % 2 == 0 ? this.trail : other).AppendAsync(Read(i), CancellationToken.None)));

        AuditVerification result = await other.VerifyAsync(this.agency, CancellationToken.None);
        Assert.True(result.Intact, string.Join("; ", result.Problems));
        Assert.Equal(46, result.EntriesChecked);
        Assert.Equal(Enumerable.Range(1, 46).Select(n => (long)n), (await this.trail.ReadAsync(this.agency, CancellationToken.None)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task An_operation_recorded_twice_or_at_once_leaves_one_entry()
    {
        AuditEvent created = new(this.agency, "amy.staff", "Staff", AuditActions.Create, "inc-1", "127.0.0.1", "source=form");

        AuditEntry?[] attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => this.trail.AppendOnceAsync(created, "create:inc-1", CancellationToken.None)));
        AuditEntry? later = await this.trail.AppendOnceAsync(created, "create:inc-1", CancellationToken.None);

        Assert.Single(attempts, a => a is not null);
        Assert.Null(later);
        Assert.Single(await this.trail.ReadAsync(this.agency, CancellationToken.None));
        Assert.True((await this.trail.VerifyAsync(this.agency, CancellationToken.None)).Intact);
    }

    [Fact]
    public async Task Verification_checks_the_chain_as_it_was_when_it_began_so_live_appends_raise_no_alarm()
    {
        await this.AppendAsync(20);

        Task<AuditVerification> verifying = this.trail.VerifyAsync(this.agency, CancellationToken.None);
        await this.AppendAsync(20);
        AuditVerification result = await verifying;

        Assert.True(result.Intact, string.Join("; ", result.Problems));
        Assert.True((await this.trail.VerifyAsync(this.agency, CancellationToken.None)).EntriesChecked == 40);
    }
}
