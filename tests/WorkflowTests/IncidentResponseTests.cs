using EsafetyServerless.Adapters.Email;
using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Evidence;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Notifications;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Response;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace EsafetyServerless.WorkflowTests;

/// <summary>The response workflow's first step on the real engine (in memory), with storage on Azurite and a real SMTP server.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class IncidentResponseTests(AzuriteFixture azurite) : IAsyncLifetime, IDisposable
{
    readonly SmtpSink mail = new();
    readonly string agencyId = "agency-" + Guid.NewGuid().ToString("N")[..8];
    TableIncidentStore incidents = null!;
    TablePeopleDirectory directory = null!;
    TableEvidenceRecords holds = null!;
    TableRetentionSchedule retention = null!;
    TableAuditTrail audit = null!;
    DurableTaskTestHost host = null!;

    public async Task InitializeAsync()
    {
        StorageTables tables = azurite.NewTables();
        this.incidents = new TableIncidentStore(tables);
        this.directory = new TablePeopleDirectory(tables);
        this.holds = new TableEvidenceRecords(tables);
        this.retention = new TableRetentionSchedule(tables);
        this.audit = new TableAuditTrail(tables, TimeProvider.System);
        this.host = await DurableTaskTestHost.StartAsync(WorkflowCatalog.Register, new DurableTaskTestHostOptions
        {
            ConfigureServices = services =>
            {
                services.AddSingleton<IIncidentStore>(this.incidents);
                services.AddSingleton<IPeopleDirectory>(this.directory);
                services.AddSingleton<IEmailSender>(new SmtpEmailSender(new EmailOptions { SmtpHost = "127.0.0.1", SmtpPort = this.mail.Port }));
                services.AddSingleton(new AppLinks { BaseUrl = "https://esafety.example" });
                services.AddSingleton(TimeProvider.System);
                services.AddSingleton<ILegalHolds>(this.holds);
                services.AddSingleton<IRetentionSchedule>(this.retention);
                services.AddSingleton<IAuditTrail>(this.audit);
                services.AddSingleton<ICustodyIndex>(new TableCustodyIndex(tables));
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

    async Task<Incident> ReportAsync(Concerns? concerns = null, IncidentStatus status = IncidentStatus.Reported)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        Incident incident = new()
        {
            IncidentId = IncidentIds.NewId(now),
            AgencyId = this.agencyId,
            Reference = string.Empty,
            Status = status,
            Source = status == IncidentStatus.AwaitingTriage ? IncidentSource.Email : IncidentSource.Form,
            SubmittedAt = now,
            ReportedBy = "reporter",
            Report = new IncidentReport(now, "Confidential description", HowIdentified.Observed, null, [],
                status == IncidentStatus.AwaitingTriage ? null : concerns ?? Concerns.None),
        };
        return (await this.incidents.CreateAsync(incident, null, CancellationToken.None)).Incident;
    }

    async Task AddPeopleAsync(string tag)
    {
        await this.directory.SavePersonAsync(new Person($"o-{tag}-{this.agencyId}", $"o-{tag}@{this.agencyId}.example", "Officer " + tag, this.agencyId, Role.EsafetyOfficer, $"o-{tag}@{this.agencyId}.example"), CancellationToken.None);
        await this.directory.SavePersonAsync(new Person($"m-{tag}-{this.agencyId}", $"m-{tag}@{this.agencyId}.example", "Manager " + tag, this.agencyId, Role.SeniorManager, $"m-{tag}@{this.agencyId}.example"), CancellationToken.None);
    }

    async Task<OrchestrationMetadata> RunAsync(Incident incident, ResponseTimings? timings, Func<Task>? whileWaiting = null)
    {
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(90));
        await this.host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(IncidentResponse), new IncidentResponseInput(incident.IncidentId, timings), new StartOrchestrationOptions(incident.IncidentId), timeout.Token);
        if (whileWaiting is not null)
        {
            await whileWaiting();
        }

        return await this.host.Client.WaitForInstanceCompletionAsync(incident.IncidentId, getInputsAndOutputs: true, timeout.Token);
    }

    /// <summary>What the triage endpoint does: the answers are stored, then the workflow is told.</summary>
    async Task TriageAsync(Incident incident, Concerns concerns)
    {
        await this.incidents.UpdateAsync(incident.IncidentId, i => i with { Status = IncidentStatus.Reported, Report = i.Report with { Concerns = concerns } }, CancellationToken.None);
        await this.host.Client.RaiseEventAsync(incident.IncidentId, IncidentResponse.TriagedEvent, true);
    }

    bool Received(string addressPrefix, string subjectPart) =>
        this.mail.Messages.Any(m => m.To.Mailboxes.Any(a => a.Address.StartsWith(addressPrefix, StringComparison.Ordinal)) && m.Subject?.Contains(subjectPart, StringComparison.Ordinal) == true);

    [Fact]
    public async Task An_untriaged_emailed_report_reminds_the_officer_then_tells_the_senior_manager_and_plans_once_triaged()
    {
        await this.AddPeopleAsync("a");
        Incident incident = await this.ReportAsync(status: IncidentStatus.AwaitingTriage);
        Concerns staffAllegation = new(false, [], null, true, [LadoThreshold.RiskOfHarm], false, false);

        OrchestrationMetadata done = await this.RunAsync(incident, new ResponseTimings(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)), async () =>
        {
            await this.mail.WaitForAsync(m => m.Subject?.Contains("senior manager informed", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(30));
            await this.TriageAsync(incident, staffAllegation);
        });

        Assert.True(this.Received("o-a@", "Reminder: e-safety incident " + incident.Reference));
        Assert.True(this.Received("m-a@", "Untriaged e-safety incident " + incident.Reference));
        Assert.False(this.Received("m-a@", "Reminder"));
        IncidentResponseOutcome outcome = done.ReadOutputAs<IncidentResponseOutcome>()!;
        Assert.Equal(ResponseRoute.Lado, outcome.Route);
        Assert.True(outcome.Serious);
        Incident updated = (await this.incidents.FindAsync(incident.IncidentId, CancellationToken.None))!;
        Assert.Equal(
            ["Not triaged within an hour: e-safety officer reminded by email", "Not triaged within four working hours: senior manager told by email"],
            updated.Actions.Where(a => a.Description.StartsWith("Not triaged", StringComparison.Ordinal)).Select(a => a.Description));
        EscalationRecord lado = updated.Plan!.Escalations.Single();
        Assert.Equal(EscalationTarget.Lado, lado.Target);
        Assert.Equal(EscalationState.Queued, lado.State);
    }

    [Fact]
    public async Task A_serious_incident_puts_its_evidence_on_legal_hold_at_once_and_every_incident_gets_its_retention_date()
    {
        await this.AddPeopleAsync("h");
        Incident serious = await this.ReportAsync(Concerns.None with { ChildAtRiskOfSignificantHarm = true });
        Incident internalOnly = await this.ReportAsync();

        await this.RunAsync(serious, null);
        await this.RunAsync(internalOnly, null);

        LegalHold hold = (await this.holds.FindAsync(serious.IncidentId, CancellationToken.None))!;
        Assert.True(hold.IsActive);
        Assert.True(hold.Automatic);
        Assert.Equal(NotifyEsafetyOfficer.SystemActor, hold.PlacedBy);
        Assert.Null(await this.holds.FindAsync(internalOnly.IncidentId, CancellationToken.None));
        AuditEntry custody = Assert.Single(await this.audit.ReadAsync(this.agencyId, CancellationToken.None), e => e.Event.Action == "custody:hold");
        Assert.Equal(serious.IncidentId, custody.Event.Subject);
        Assert.Equal(serious.Report.OccurredAt.AddYears(25), (await this.retention.FindAsync(serious.IncidentId, CancellationToken.None))!.ReviewDueAt);
        Assert.NotNull(await this.retention.FindAsync(internalOnly.IncidentId, CancellationToken.None));
    }

    [Fact]
    public async Task A_report_triaged_in_time_sends_no_reminder()
    {
        await this.AddPeopleAsync("b");
        Incident incident = await this.ReportAsync(status: IncidentStatus.AwaitingTriage);

        OrchestrationMetadata done = await this.RunAsync(incident, new ResponseTimings(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60)), async () =>
        {
            await this.mail.WaitForAsync(m => m.Subject?.Contains("New e-safety incident " + incident.Reference, StringComparison.Ordinal) == true, TimeSpan.FromSeconds(30));
            await this.TriageAsync(incident, Concerns.None);
        });

        Assert.Equal(ResponseRoute.Internal, done.ReadOutputAs<IncidentResponseOutcome>()!.Route);
        Assert.False(this.Received("o-b@", "Reminder"));
    }

    [Fact]
    public async Task Illegal_images_found_on_the_web_are_planned_for_police_CEOP_and_IWF_within_the_hour()
    {
        await this.AddPeopleAsync("c");
        Incident incident = await this.ReportAsync(new Concerns(true, [IllegalKind.IndecentImagesOfChildren], "https://example.org/x", false, [], true, true));

        OrchestrationMetadata done = await this.RunAsync(incident, null);

        IncidentResponseOutcome outcome = done.ReadOutputAs<IncidentResponseOutcome>()!;
        Assert.Equal(ResponseRoute.Police, outcome.Route);
        Assert.Equal([EscalationTarget.Police, EscalationTarget.Ceop, EscalationTarget.Iwf, EscalationTarget.FirstResponse], outcome.Escalations);
        RecordedPlan plan = (await this.incidents.FindAsync(incident.IncidentId, CancellationToken.None))!.Plan!;
        Assert.True(plan.SecureEvidence);
        Assert.All(plan.Escalations.Where(e => e.Target != EscalationTarget.FirstResponse), e => Assert.Equal(plan.RecordedAt.AddHours(1), e.DueAt));
        Assert.True(plan.Escalations.Single(e => e.Target == EscalationTarget.FirstResponse).DueAt >= plan.RecordedAt.AddHours(24));
    }

    [Fact]
    public async Task Every_e_safety_officer_of_the_agency_is_emailed_and_the_notice_is_recorded()
    {
        await this.directory.SavePersonAsync(new Person("o1-" + this.agencyId, "o1@" + this.agencyId + ".example", "Officer One", this.agencyId, Role.EsafetyOfficer, "o1@" + this.agencyId + ".example"), CancellationToken.None);
        await this.directory.SavePersonAsync(new Person("s1-" + this.agencyId, "s1@" + this.agencyId + ".example", "Staff One", this.agencyId, Role.Staff, "s1@" + this.agencyId + ".example"), CancellationToken.None);
        Incident incident = await this.ReportAsync();
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(60));

        await this.host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(IncidentResponse), new IncidentResponseInput(incident.IncidentId), new StartOrchestrationOptions(incident.IncidentId), timeout.Token);
        OrchestrationMetadata done = await this.host.Client.WaitForInstanceCompletionAsync(incident.IncidentId, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(IncidentResponseStatus.PlanRecorded, done.ReadCustomStatusAs<string>());
        Assert.Equal(1, done.ReadOutputAs<IncidentResponseOutcome>()!.OfficersNotified);
        MimeMessage notice = await this.mail.WaitForAsync(m => m.Subject?.Contains(incident.Reference, StringComparison.Ordinal) == true, TimeSpan.FromSeconds(10));
        Assert.Equal("o1@" + this.agencyId + ".example", notice.To.Mailboxes.Single().Address);
        Assert.Contains("https://esafety.example/incidents/" + incident.IncidentId, notice.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(this.mail.Messages, m => m.To.Mailboxes.Any(a => a.Address.StartsWith("s1@", StringComparison.Ordinal)));
        Incident updated = (await this.incidents.FindAsync(incident.IncidentId, CancellationToken.None))!;
        Assert.Equal("E-safety officer notified by email: Officer One", updated.Actions[0].Description);
        Assert.Equal(ResponseRoute.Internal, updated.Plan!.Route);
        Assert.Equal("Response plan: internal route, no referral outside the agency", updated.Actions[1].Description);
    }

    [Fact]
    public async Task Orchestration_inputs_outputs_and_status_carry_ids_and_states_only()
    {
        await this.directory.SavePersonAsync(new Person("o2-" + this.agencyId, "o2@" + this.agencyId + ".example", "Officer Two", this.agencyId, Role.EsafetyOfficer, "o2@" + this.agencyId + ".example"), CancellationToken.None);
        Incident incident = await this.ReportAsync();
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(60));

        await this.host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(IncidentResponse), new IncidentResponseInput(incident.IncidentId), new StartOrchestrationOptions(incident.IncidentId), timeout.Token);
        OrchestrationMetadata done = await this.host.Client.WaitForInstanceCompletionAsync(incident.IncidentId, getInputsAndOutputs: true, timeout.Token);

        string recorded = done.SerializedInput + done.SerializedOutput + done.SerializedCustomStatus;
        Assert.Contains(incident.IncidentId, recorded, StringComparison.Ordinal);
        Assert.DoesNotContain("Confidential", recorded, StringComparison.Ordinal);
        Assert.DoesNotContain("Officer Two", recorded, StringComparison.Ordinal);
        Assert.DoesNotContain("@", recorded, StringComparison.Ordinal);
    }
}
