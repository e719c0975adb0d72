using Azure.Data.Tables;
using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Incidents;

namespace EsafetyServerless.IntegrationTests;

[Collection(AzuriteCollection.Name)]
public sealed class IncidentStoreTests(AzuriteFixture azurite)
{
    readonly TableIncidentStore store = new(azurite.NewTables());
    readonly string agency = "agency-" + Guid.NewGuid().ToString("N")[..8];

    Incident NewIncident(DateTimeOffset submittedAt, string reporter = "amy.staff") => new()
    {
        IncidentId = IncidentIds.NewId(submittedAt),
        AgencyId = this.agency,
        Reference = string.Empty,
        Source = IncidentSource.Form,
        SubmittedAt = submittedAt,
        ReportedBy = reporter,
        Report = new IncidentReport(submittedAt.AddHours(-1), "Described <b>verbatim</b>", HowIdentified.Observed, null,
            [new PersonInvolved(InvolvedRole.Child, "Pupil B", new DateOnly(2014, 1, 2), true, false)], Concerns.None),
    };

    [Fact]
    public async Task The_same_idempotency_key_yields_one_incident_even_when_retried_at_once()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        IncidentSaved[] attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => this.store.CreateAsync(this.NewIncident(now), "retry-key-1", CancellationToken.None)));

        Assert.Single(attempts.Select(a => a.Incident.IncidentId).Distinct());
        Assert.Single(attempts, a => a.Created);
        Assert.Single((await this.store.ListAsync(new IncidentQuery(this.agency), CancellationToken.None)).Items);
    }

    [Fact]
    public async Task Fifty_reporters_submitting_to_one_agency_at_once_get_fifty_incidents_numbered_one_to_fifty()
    {
        DateTimeOffset now = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);
        IncidentSaved[] saved = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            this.store.CreateAsync(this.NewIncident(now.AddMilliseconds(i), "reporter-" + i), "key-" + i, CancellationToken.None)));

        string code = IncidentIds.AgencyCode(this.agency);
        Assert.All(saved, s => Assert.True(s.Created));
        Assert.Equal(
            Enumerable.Range(1, 50).Select(n => $"{code}-2026-{n:D4}"),
            saved.Select(s => s.Incident.Reference).Order(StringComparer.Ordinal));
        IncidentLogResults log = await this.store.ListAsync(new IncidentQuery(this.agency, PageSize: 200), CancellationToken.None);
        Assert.Equal(50, log.Items.Count);
    }

    [Fact]
    public async Task Two_processes_numbering_one_agency_in_turns_and_at_once_never_share_or_skip_a_reference()
    {
        // Each store remembers the counter it last wrote; the other one moving it must be noticed, never overwritten.
        TableIncidentStore other = new(azurite.NewTables());
        DateTimeOffset now = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);
        List<IncidentSaved> saved = [];
        for (int i = 0; i < 6; i++)
        {
            saved.Add(await (i % 2 == 0 ? this.store : other).CreateAsync(this.NewIncident(now.AddMilliseconds(i), "turns-" + i), "turn-" + i, CancellationToken.None));
        }

        saved.AddRange(await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            (i % 2 == 0 ? this.store : other).CreateAsync(this.NewIncident(now.AddSeconds(1).AddMilliseconds(i), "together-" + i), "together-" + i, CancellationToken.None))));

        string code = IncidentIds.AgencyCode(this.agency);
        Assert.Equal(
            Enumerable.Range(1, 36).Select(n => $"{code}-2026-{n:D4}"),
            saved.Select(s => s.Incident.Reference).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_stored_incident_is_pending_until_its_submission_finishes_and_the_log_shows_only_incidents()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        IncidentSaved saved = await this.store.CreateAsync(this.NewIncident(now), "pending-key", CancellationToken.None);

        Assert.Equal([saved.Incident.IncidentId], (await this.store.ListPendingAsync(this.agency, now.AddSeconds(1), CancellationToken.None)).Select(p => p.IncidentId));
        Assert.Empty(await this.store.ListPendingAsync(this.agency, now.AddSeconds(-1), CancellationToken.None));
        Assert.Equal([saved.Incident.IncidentId], (await this.store.ListAsync(new IncidentQuery(this.agency), CancellationToken.None)).Items.Select(i => i.IncidentId));

        await this.store.ClearPendingAsync(this.agency, saved.Incident.IncidentId, CancellationToken.None);

        Assert.Empty(await this.store.ListPendingAsync(this.agency, now.AddSeconds(1), CancellationToken.None));
    }

    [Fact]
    public async Task Deleting_an_incident_removes_its_idempotency_key_so_nothing_of_it_remains()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        IncidentSaved first = await this.store.CreateAsync(this.NewIncident(now), "purged-key", CancellationToken.None);

        await this.store.DeleteAsync(first.Incident.IncidentId, CancellationToken.None);
        IncidentSaved again = await this.store.CreateAsync(this.NewIncident(now), "purged-key", CancellationToken.None);

        Assert.Null(await this.store.FindAsync(first.Incident.IncidentId, CancellationToken.None));
        Assert.True(again.Created);
        Assert.NotEqual(first.Incident.IncidentId, again.Incident.IncidentId);
        Assert.DoesNotContain(first.Incident.IncidentId, (await this.store.ListPendingAsync(this.agency, now.AddSeconds(1), CancellationToken.None)).Select(x => x.IncidentId));
    }

    [Fact]
    public async Task The_log_is_newest_first_with_references_numbered_per_agency_and_year()
    {
        DateTimeOffset start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
        for (int i = 0; i < 3; i++)
        {
            await this.store.CreateAsync(this.NewIncident(start.AddDays(i)), null, CancellationToken.None);
        }

        IncidentLogResults page = await this.store.ListAsync(new IncidentQuery(this.agency), CancellationToken.None);

        Assert.Equal([start.AddDays(2), start.AddDays(1), start], page.Items.Select(i => i.SubmittedAt));
        string code = IncidentIds.AgencyCode(this.agency);
        Assert.Equal([$"{code}-2026-0003", $"{code}-2026-0002", $"{code}-2026-0001"], page.Items.Select(i => i.Reference));
    }

    [Fact]
    public async Task Pages_filters_and_lookups_by_id_work_together()
    {
        DateTimeOffset start = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);
        for (int i = 0; i < 5; i++)
        {
            await this.store.CreateAsync(this.NewIncident(start.AddDays(i), i % 2 == 0 ? "amy.staff" : "ben.staff"), null, CancellationToken.None);
        }

        IncidentLogResults first = await this.store.ListAsync(new IncidentQuery(this.agency, PageSize: 2), CancellationToken.None);
        IncidentLogResults second = await this.store.ListAsync(new IncidentQuery(this.agency, PageSize: 2, ContinuationToken: first.ContinuationToken), CancellationToken.None);
        IncidentLogResults amy = await this.store.ListAsync(new IncidentQuery(this.agency, ReportedBy: "amy.staff"), CancellationToken.None);
        IncidentLogResults window = await this.store.ListAsync(new IncidentQuery(this.agency, From: start.AddDays(1), To: start.AddDays(3)), CancellationToken.None);

        Assert.Equal(2, first.Items.Count);
        Assert.Equal(2, second.Items.Count);
        Assert.Empty(first.Items.Select(i => i.IncidentId).Intersect(second.Items.Select(i => i.IncidentId)));
        Assert.Equal(3, amy.Items.Count);
        Assert.Equal(3, window.Items.Count);
        Incident found = (await this.store.FindAsync(first.Items[0].IncidentId, CancellationToken.None))!;
        Assert.Equal("Described <b>verbatim</b>", found.Report.Description);
        Assert.Equal(first.Items[0].Report.PeopleInvolved, found.Report.PeopleInvolved);
        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() => this.store.ListAsync(new IncidentQuery(this.agency, ContinuationToken: "%%%"), CancellationToken.None));
    }

    [Fact]
    public async Task A_long_history_of_long_actions_in_any_script_is_kept_whole()
    {
        Incident incident = (await this.store.CreateAsync(this.NewIncident(DateTimeOffset.UtcNow), null, CancellationToken.None)).Incident;
        string longText = string.Concat(Enumerable.Repeat("Спокійно поговорили з батьками; 保护儿童. ", 200))[..4000];

        for (int i = 0; i < 25; i++)
        {
            await this.store.AddActionAsync(incident.IncidentId, new IncidentAction(i + ": " + longText, "omar.officer", DateTimeOffset.UtcNow), CancellationToken.None);
        }

        Incident found = (await this.store.FindAsync(incident.IncidentId, CancellationToken.None))!;
        Assert.Equal(25, found.Actions.Count);
        Assert.Equal("24: " + longText, found.Actions[^1].Description);
    }

    [Fact]
    public async Task Everything_the_response_records_is_read_back_as_it_was_written()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        Incident created = (await this.store.CreateAsync(this.NewIncident(now), null, CancellationToken.None)).Incident;
        RecordedPlan plan = new(Workflows.Incidents.ResponseRoute.Lado, true,
            [new EscalationRecord(created.IncidentId + "-lado", Workflows.Incidents.EscalationTarget.Lado, EscalationState.Acknowledged, now.AddDays(1), now, now.AddHours(2), 2, "LADO-1", Workflows.Incidents.ChannelKind.Email, "recipient:lado")],
            false, true, now);
        PostIncidentReviewRecord review = new("sarah", now, "AUP silent on messaging", [new PostIncidentReviewAction("Update AUP", "Omar")], ["Governors"]);

        await this.store.UpdateAsync(created.IncidentId, i => i with { Plan = plan, PostIncidentReview = review, Conclusion = "Closed", Outcome = AllegationOutcome.Unfounded }, CancellationToken.None);
        Incident read = (await this.store.FindAsync(created.IncidentId, CancellationToken.None))!;

        Assert.Equal(plan.Escalations, read.Plan!.Escalations);
        Assert.Equal(review.IssuesIdentified, read.PostIncidentReview!.IssuesIdentified);
        Assert.Equal(review.Actions, read.PostIncidentReview.Actions);
        Assert.Equal(review.StakeholdersConsulted, read.PostIncidentReview.StakeholdersConsulted);
        Assert.Equal(AllegationOutcome.Unfounded, read.Outcome);
    }

    [Fact]
    public async Task The_log_filters_by_the_derived_status_route_seriousness_and_overdue_referrals_and_reads_old_rows_as_they_stand()
    {
        StorageTables tables = azurite.NewTables();
        TableIncidentStore log = new(tables);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        RecordedPlan lado = new(ResponseRoute.Lado, true, [new EscalationRecord("e-1", EscalationTarget.Lado, EscalationState.Sent, now.AddHours(-1))], false, false, now);
        Incident open = (await log.CreateAsync(this.NewIncident(now.AddSeconds(-3)) with { Plan = lado }, null, CancellationToken.None)).Incident;
        Incident concluded = (await log.CreateAsync(this.NewIncident(now.AddSeconds(-2)) with { Conclusion = "Dealt with" }, null, CancellationToken.None)).Incident;
        Incident untriaged = (await log.CreateAsync(this.NewIncident(now.AddSeconds(-1)) with { AwaitingTriage = true }, null, CancellationToken.None)).Incident;
        // A row saved before the lifecycle: "Reported" whatever became of it, and no filter columns.
        TableClient incidents = await tables.GetAsync(TableNames.Incidents);
        TableEntity legacy = (await incidents.GetEntityAsync<TableEntity>(TableKeys.Escape(this.agency), concluded.IncidentId)).Value;
        legacy["Status"] = "Reported";
        await incidents.UpdateEntityAsync(legacy, legacy.ETag, TableUpdateMode.Replace);

        async Task<IEnumerable<string>> Listed(IncidentQuery query) =>
            (await log.ListAsync(query, CancellationToken.None)).Items.Select(i => i.IncidentId);
        IncidentQuery all = new(this.agency);

        Assert.Equal([open.IncidentId], await Listed(all with { Status = IncidentStatus.Open }));
        Assert.Equal([concluded.IncidentId], await Listed(all with { Status = IncidentStatus.Concluded }));
        Assert.Equal([untriaged.IncidentId], await Listed(all with { Status = IncidentStatus.AwaitingTriage }));
        Assert.Empty(await Listed(all with { Status = IncidentStatus.Closed }));
        Assert.Equal([open.IncidentId], await Listed(all with { Route = ResponseRoute.Lado, Serious = true }));
        Assert.Equal([open.IncidentId], await Listed(all with { ReferralsOverdueAt = now }));
        Assert.Empty(await Listed(all with { ReferralsOverdueAt = now.AddHours(-2) }));
        Assert.Equal(IncidentStatus.Concluded, (await log.FindAsync(concluded.IncidentId, CancellationToken.None))!.Status);
    }
}
