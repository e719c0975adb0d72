using EsafetyServerless.Adapters.Orchestration;
using EsafetyServerless.Adapters.Email;
using Azure.Storage.Queues;
using EsafetyServerless.Adapters.Messaging;
using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.Workflows.Escalation;
using EsafetyServerless.Workflows.Platform.Links;
using EsafetyServerless.Workflows.Tasks;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Evidence;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Notifications;
using EsafetyServerless.Workflows.Platform;
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
    TableTaskStore tasks = null!;
    TableTargetChannels channels = null!;
    TableEvidenceRecords holds = null!;
    TableRetentionSchedule retention = null!;
    TableAuditTrail audit = null!;
    DurableTaskTestHost host = null!;
    LocalEscalationTransport escalations = null!;

    static readonly SignedLinks Links = new(new LinkSigningOptions { SigningKey = "workflow-tests-link-signing-key-0123456789" });

    public async Task InitializeAsync()
    {
        StorageTables tables = azurite.NewTables();
        this.incidents = new TableIncidentStore(tables);
        this.directory = new TablePeopleDirectory(tables);
        this.holds = new TableEvidenceRecords(tables);
        this.retention = new TableRetentionSchedule(tables);
        this.audit = new TableAuditTrail(tables, TimeProvider.System);
        this.tasks = new TableTaskStore(tables);
        this.channels = new TableTargetChannels(tables);
        QueueServiceClient queues = azurite.NewQueues();
        void Shared(IServiceCollection services)
        {
            services.AddSingleton<IIncidentStore>(this.incidents);
            services.AddSingleton<IPeopleDirectory>(this.directory);
            services.AddSingleton<ITaskStore>(this.tasks);
            services.AddSingleton<ITargetChannels>(this.channels);
            services.AddSingleton<IDeliveryLedger>(new TableDeliveryLedger(tables));
            services.AddSingleton<INoticeOutbox>(new TableNoticeOutbox(tables));
            services.AddSingleton<NoticeDelivery>();
            services.AddSingleton<IEscalationChannel>(new QueueEscalationChannel(queues));
            services.AddSingleton<IEmailSender>(new SmtpEmailSender(new EmailOptions { SmtpHost = "127.0.0.1", SmtpPort = this.mail.Port }));
            services.AddSingleton(new AppLinks { BaseUrl = "https://esafety.example" });
            services.AddSingleton(Links);
            services.AddSingleton(TimeProvider.System);
            services.AddSingleton<ILegalHolds>(this.holds);
            services.AddSingleton<IRetentionSchedule>(this.retention);
            services.AddSingleton<IAuditTrail>(this.audit);
            services.AddSingleton<ICustodyIndex>(new TableCustodyIndex(tables));
        }

        this.host = await TestHosts.StartAsync(new DurableTaskTestHostOptions { ConfigureServices = Shared });

        this.escalations = await LocalEscalationTransport.StartAsync(Shared, queues);
    }

    public async Task DisposeAsync()
    {
        await this.escalations.DisposeAsync();
        await this.host.DisposeAsync();
        await this.mail.DisposeAsync();
    }

    void IDisposable.Dispose()
    {
        // DisposeAsync (IAsyncLifetime) has already stopped the SMTP server; nothing is left to release.
    }

    async Task<Incident> ReportAsync(Concerns? concerns = null, IncidentStatus status = IncidentStatus.Open)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        Incident incident = new()
        {
            IncidentId = IncidentIds.NewId(now),
            AgencyId = this.agencyId,
            Reference = string.Empty,
            AwaitingTriage = status == IncidentStatus.AwaitingTriage,
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

    async Task StartAsync(Incident incident, ResponseTimings? timings) =>
        await this.host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(IncidentResponse), new IncidentResponseInput(incident.IncidentId, timings), new StartOrchestrationOptions(incident.IncidentId));

    async Task<OrchestrationMetadata> WaitForStatusAsync(string instanceId, string status)
    {
        DateTime until = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < until)
        {
            OrchestrationMetadata? state = await this.host.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
            if (state?.ReadCustomStatusAs<string>() == status)
            {
                return state;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The workflow never reached " + status);
    }

    async Task<OrchestrationMetadata> CompletedAsync(string instanceId)
    {
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(90));
        return await this.host.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
    }

    /// <summary>What the recipient's page does with the link in their notice: verify it, record the reference, tell the workflow.</summary>
    async Task AcknowledgeFromNoticeAsync(MimeMessage notice, string reference)
    {
        string token = (notice.TextBody ?? string.Empty).Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("https://esafety.example/referrals/", StringComparison.Ordinal))["https://esafety.example/referrals/".Length..];
        LinkCheck check = Links.Verify(EscalationDispatcher.LinkPurpose, token, DateTimeOffset.UtcNow);
        Assert.Equal(LinkCheckResult.Valid, check.Result);
        string escalationId = check.SubjectId!;
        string incidentId = escalationId[..escalationId.LastIndexOf('-')];
        await this.AcknowledgeAsync(incidentId, escalationId, reference);
    }

    async Task AcknowledgeAsync(string incidentId, string escalationId, string reference)
    {
        EscalationAcknowledgements acknowledgements = new(this.incidents, this.tasks, TimeProvider.System);
        await acknowledgements.AcknowledgeAsync(incidentId, escalationId, reference, "recipient", "Acknowledged", CancellationToken.None);
        await this.host.Client.RaiseEventAsync(incidentId, EscalationAcknowledgements.Acknowledged(escalationId).Name, reference);
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
        await this.incidents.UpdateAsync(incident.IncidentId, i => i with { AwaitingTriage = false, Report = i.Report with { Concerns = concerns } }, CancellationToken.None);
        await this.host.Client.RaiseEventAsync(incident.IncidentId, IncidentResponse.Triaged.Name, "omar");
    }

    bool Received(string addressPrefix, string subjectPart) =>
        this.mail.Messages.Any(m => m.To.Mailboxes.Any(a => a.Address.StartsWith(addressPrefix, StringComparison.Ordinal)) && m.Subject?.Contains(subjectPart, StringComparison.Ordinal) == true);

    [Fact]
    public async Task An_untriaged_emailed_report_reminds_the_officer_then_tells_the_senior_manager_and_plans_once_triaged()
    {
        await this.AddPeopleAsync("a");
        Incident incident = await this.ReportAsync(status: IncidentStatus.AwaitingTriage);
        Concerns staffAllegation = new(false, [], null, true, [LadoThreshold.RiskOfHarm], false, false);

        await this.StartAsync(incident, new ResponseTimings(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), AcknowledgementWindow: TimeSpan.FromMinutes(5)));
        await this.mail.WaitForAsync(m => m.Subject?.Contains("senior manager informed", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(30));
        await this.TriageAsync(incident, staffAllegation);
        await this.WaitForStatusAsync(incident.IncidentId, IncidentResponseStatus.Escalating);

        Assert.True(this.Received("o-a@", "Reminder: e-safety incident " + incident.Reference));
        Assert.True(this.Received("m-a@", "Untriaged e-safety incident " + incident.Reference));
        Assert.False(this.Received("m-a@", "Reminder"));
        Incident updated = (await this.incidents.FindAsync(incident.IncidentId, CancellationToken.None))!;
        Assert.Equal(
            ["Not triaged within an hour: e-safety officer reminded by email", "Not triaged within four working hours: senior manager told by email"],
            updated.Actions.Where(a => a.Description.StartsWith("Not triaged", StringComparison.Ordinal)).Select(a => a.Description));
        Assert.Equal(ResponseRoute.Lado, updated.Plan!.Route);
        Assert.True(updated.Plan.Serious);
        Assert.Equal(EscalationTarget.Lado, updated.Plan.Escalations.Single().Target);
    }

    [Fact]
    public async Task A_serious_incident_puts_its_evidence_on_legal_hold_at_once_and_every_incident_gets_its_retention_date()
    {
        await this.AddPeopleAsync("h");
        Incident serious = await this.ReportAsync(Concerns.None with { ChildAtRiskOfSignificantHarm = true });
        Incident internalOnly = await this.ReportAsync();

        await this.StartAsync(serious, null);
        await this.WaitForStatusAsync(serious.IncidentId, IncidentResponseStatus.Escalating);
        await this.RunAsync(internalOnly, null);

        LegalHold hold = (await this.holds.FindAsync(serious.IncidentId, CancellationToken.None))!;
        Assert.True(hold.IsActive);
        Assert.True(hold.Automatic);
        Assert.Equal(IncidentAction.SystemActor, hold.PlacedBy);
        Assert.Null(await this.holds.FindAsync(internalOnly.IncidentId, CancellationToken.None));
        AuditEntry custody = Assert.Single(await this.audit.ReadAsync(this.agencyId, CancellationToken.None), e => e.Event.Action == "custody:hold");
        Assert.Equal(serious.IncidentId, custody.Event.Subject);
        Assert.Equal(serious.Report.OccurredAt.AddYears(25), (await this.retention.FindAsync(serious.IncidentId, CancellationToken.None))!.ReviewDueAt);
        Assert.NotNull(await this.retention.FindAsync(internalOnly.IncidentId, CancellationToken.None));
        await this.host.Client.TerminateInstanceAsync(serious.IncidentId);
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

        await this.StartAsync(incident, null);
        await this.WaitForStatusAsync(incident.IncidentId, IncidentResponseStatus.Escalating);

        RecordedPlan plan = (await this.incidents.FindAsync(incident.IncidentId, CancellationToken.None))!.Plan!;
        Assert.Equal(ResponseRoute.Police, plan.Route);
        Assert.Equal([EscalationTarget.Police, EscalationTarget.Ceop, EscalationTarget.Iwf, EscalationTarget.FirstResponse], plan.Escalations.Select(e => e.Target));
        Assert.True(plan.SecureEvidence);
        Assert.All(plan.Escalations.Where(e => e.Target != EscalationTarget.FirstResponse), e => Assert.Equal(plan.RecordedAt.AddHours(1), e.DueAt));
        Assert.True(plan.Escalations.Single(e => e.Target == EscalationTarget.FirstResponse).DueAt >= plan.RecordedAt.AddHours(24));
        WorkTask secure = (await this.tasks.FindAsync(this.agencyId, incident.IncidentId + "-secure-evidence", CancellationToken.None))!;
        Assert.Equal(Role.Technician, secure.AssigneeRole);
        Assert.Equal(plan.RecordedAt.AddHours(1), secure.DueAt);
        await this.host.Client.TerminateInstanceAsync(incident.IncidentId);
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
        Assert.Equal(IncidentResponseStatus.Completed, done.ReadCustomStatusAs<string>());
        Assert.Equal(1, done.ReadOutputAs<IncidentResponseOutcome>()!.OfficersNotified);
        MimeMessage notice = await this.mail.WaitForAsync(m => m.Subject?.Contains(incident.Reference, StringComparison.Ordinal) == true, TimeSpan.FromSeconds(10));
        Assert.Equal("o1@" + this.agencyId + ".example", notice.To.Mailboxes.Single().Address);
        Assert.Contains("https://esafety.example/incidents/" + incident.IncidentId, notice.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(this.mail.Messages, m => m.To.Mailboxes.Any(a => a.Address.StartsWith("s1@", StringComparison.Ordinal)));
        Incident updated = (await this.incidents.FindAsync(incident.IncidentId, CancellationToken.None))!;
        // The notice and the plan go side by side, so their actions may come in either order.
        Assert.Equal(
            ["E-safety officer notified by email: Officer One", "Response plan: internal route, no referral outside the agency"],
            updated.Actions.Select(a => a.Description).Order(StringComparer.Ordinal));
        Assert.Equal(ResponseRoute.Internal, updated.Plan!.Route);
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

    static readonly Concerns StaffAllegation = new(false, [], null, true, [LadoThreshold.RiskOfHarm], false, false);

    async Task ConfigureLadoMailboxAsync(string address) =>
        await this.channels.SaveAsync(new TargetChannel(EscalationTarget.Lado, ChannelKind.Email, address, null), CancellationToken.None);

    Task<MimeMessage> NoticeAsync(string to, Incident incident, int count = 1) =>
        this.mail.WaitForAsync(
            _ => this.mail.Messages.Count(m => m.To.Mailboxes.Any(a => a.Address == to) && m.Subject?.Contains("E-safety referral " + incident.Reference, StringComparison.Ordinal) == true) >= count,
            TimeSpan.FromSeconds(45));

    int NoticesTo(string to, Incident incident) =>
        this.mail.Messages.Count(m => m.To.Mailboxes.Any(a => a.Address == to) && m.Subject?.Contains("E-safety referral " + incident.Reference, StringComparison.Ordinal) == true);

    [Fact]
    public async Task A_LADO_notice_acknowledged_in_time_is_sent_once_and_nobody_is_chased()
    {
        await this.AddPeopleAsync("ack");
        string lado = "lado-" + this.agencyId + "@county.example";
        await this.ConfigureLadoMailboxAsync(lado);
        Incident incident = await this.ReportAsync(StaffAllegation);

        await this.StartAsync(incident, new ResponseTimings(TimeSpan.FromHours(1), null, AcknowledgementWindow: TimeSpan.FromSeconds(20), PostIncidentReviewDueAfter: TimeSpan.FromMinutes(10)));
        await this.NoticeAsync(lado, incident);
        MimeMessage notice = this.mail.Messages.First(m => m.To.Mailboxes.Any(a => a.Address == lado));
        Assert.Contains("Category: allegation against a member of staff or volunteer (LADO threshold met)", notice.TextBody, StringComparison.Ordinal);
        Assert.StartsWith("Dear LADO,", notice.TextBody, StringComparison.Ordinal);
        Assert.Matches(@"\(by \d{1,2} \w+ \d{4} \d{2}:\d{2} (GMT|BST)\)", notice.TextBody);
        Assert.DoesNotContain("Confidential", notice.TextBody, StringComparison.Ordinal);
        await this.AcknowledgeFromNoticeAsync(notice, "LADO/2026/77");
        await this.host.Client.RaiseEventAsync(incident.IncidentId, IncidentResponse.PostIncidentReviewCompleted.Name, "m-ack");
        OrchestrationMetadata done = await this.CompletedAsync(incident.IncidentId);

        Assert.Equal(1, done.ReadOutputAs<IncidentResponseOutcome>()!.Acknowledged);
        EscalationRecord escalation = (await this.incidents.FindAsync(incident.IncidentId, CancellationToken.None))!.Plan!.Escalations.Single();
        Assert.Equal(EscalationState.Acknowledged, escalation.State);
        Assert.Equal("LADO/2026/77", escalation.ExternalReference);
        Assert.Equal(ChannelKind.Email, escalation.Channel);
        Assert.Equal(1, escalation.Attempts);
        Assert.Equal(1, this.NoticesTo(lado, incident));
        Assert.False(this.Received("o-ack@", "Overdue"));
    }

    [Fact]
    public async Task An_unacknowledged_notice_is_marked_overdue_re_sent_and_the_officer_and_senior_manager_are_told()
    {
        await this.AddPeopleAsync("late");
        string lado = "lado-" + this.agencyId + "@county.example";
        await this.ConfigureLadoMailboxAsync(lado);
        Incident incident = await this.ReportAsync(StaffAllegation);

        await this.StartAsync(incident, new ResponseTimings(TimeSpan.FromHours(1), null, AcknowledgementWindow: TimeSpan.FromSeconds(4), MaxNotices: 2, PostIncidentReviewDueAfter: TimeSpan.FromMinutes(10)));
        await this.NoticeAsync(lado, incident, count: 2);
        await this.mail.WaitForAsync(m => m.Subject == $"Overdue: referral for {incident.Reference} not acknowledged" && m.To.Mailboxes.Any(a => a.Address.StartsWith("m-late@", StringComparison.Ordinal)), TimeSpan.FromSeconds(30));

        Assert.True(this.Received("o-late@", "Overdue: referral for " + incident.Reference));
        MimeMessage second = this.mail.Messages.Last(m => m.To.Mailboxes.Any(a => a.Address == lado));
        Assert.Contains("REMINDER", second.TextBody, StringComparison.Ordinal);
        Incident overdue = (await this.incidents.FindAsync(incident.IncidentId, CancellationToken.None))!;
        Assert.Equal(EscalationState.Overdue, overdue.Plan!.Escalations.Single().State);
        Assert.Contains(overdue.Actions, a => a.Description == "Not acknowledged by the LADO by the deadline (notice 1): re-sending; officer and senior manager told");

        await this.AcknowledgeFromNoticeAsync(second, "LADO-LATE-1");
        await this.host.Client.RaiseEventAsync(incident.IncidentId, IncidentResponse.PostIncidentReviewCompleted.Name, "m-late");
        await this.CompletedAsync(incident.IncidentId);
        EscalationRecord escalation = (await this.incidents.FindAsync(incident.IncidentId, CancellationToken.None))!.Plan!.Escalations.Single();
        Assert.Equal(EscalationState.Acknowledged, escalation.State);
        Assert.Equal(2, escalation.Attempts);
        Assert.Equal(2, this.NoticesTo(lado, incident));
    }

    [Fact]
    public async Task A_target_reached_by_phone_becomes_a_task_for_the_officer_closed_by_recording_the_reference()
    {
        await this.AddPeopleAsync("phone");
        await this.channels.SaveAsync(new TargetChannel(EscalationTarget.FirstResponse, ChannelKind.Manual, null, "Phone the First Response Team on 0300 000 0000."), CancellationToken.None);
        Incident incident = await this.ReportAsync(new Concerns(false, [], null, false, [], true, false));

        await this.StartAsync(incident, new ResponseTimings(TimeSpan.FromHours(1), null, AcknowledgementWindow: TimeSpan.FromMinutes(5), PostIncidentReviewDueAfter: TimeSpan.FromMinutes(10)));
        string escalationId = incident.IncidentId + "-first-response";
        WorkTask? task = null;
        for (int i = 0; i < 150 && task is null; i++)
        {
            task = await this.tasks.FindAsync(this.agencyId, EscalationDispatcher.ManualReferralTaskId(escalationId), CancellationToken.None);
            await Task.Delay(200);
        }

        Assert.NotNull(task);
        Assert.Equal(Role.EsafetyOfficer, task.AssigneeRole);
        Assert.Equal("Phone the First Response Team on 0300 000 0000.", task.Instructions);
        MimeMessage alert = await this.mail.WaitForAsync(m => m.Subject == $"Action needed: refer {incident.Reference} to the First Response Team", TimeSpan.FromSeconds(30));
        Assert.Contains("Phone the First Response Team on 0300 000 0000.", alert.TextBody, StringComparison.Ordinal);
        Assert.StartsWith("o-phone@", alert.To.Mailboxes.Single().Address, StringComparison.Ordinal);
        Assert.Equal(WorkTaskKind.ManualReferral, task.Kind);
        await this.AcknowledgeAsync(incident.IncidentId, escalationId, "FRT-123");
        await this.host.Client.RaiseEventAsync(incident.IncidentId, IncidentResponse.PostIncidentReviewCompleted.Name, "m-phone");
        await this.CompletedAsync(incident.IncidentId);

        Assert.Equal(WorkTaskState.Done, (await this.tasks.FindAsync(this.agencyId, task.TaskId, CancellationToken.None))!.State);
        EscalationRecord escalation = (await this.incidents.FindAsync(incident.IncidentId, CancellationToken.None))!.Plan!.Escalations.Single();
        Assert.Equal(ChannelKind.Manual, escalation.Channel);
        Assert.Equal("FRT-123", escalation.ExternalReference);
    }

    [Fact]
    public async Task A_correction_that_adds_a_referral_chases_it_in_its_own_workflow_until_acknowledged_and_sees_the_new_review_through()
    {
        await this.AddPeopleAsync("fix");
        string firstResponse = "fr-" + this.agencyId + "@county.example";
        await this.channels.SaveAsync(new TargetChannel(EscalationTarget.FirstResponse, ChannelKind.Email, firstResponse, null), CancellationToken.None);
        Incident incident = await this.ReportAsync(Concerns.None);
        await this.StartAsync(incident, null);
        for (int i = 0; i < 150 && (await this.incidents.FindAsync(incident.IncidentId, CancellationToken.None))?.Plan is null; i++)
        {
            await Task.Delay(200);
        }

        // The officer learns the child is at risk: the flowchart now calls for First Response, and the case is serious.
        Person officer = (await this.directory.GetPersonAsync($"o-fix-{this.agencyId}", CancellationToken.None))!;
        CorrectIncident correct = new(this.incidents, this.tasks, new AuditRecorder(this.audit), new DurableWorkflowSignals(new FixedDurableClientSource(this.host.Client)), TimeProvider.System);
        Outcome<Incident> corrected = await correct.ExecuteAsync(new Actor(officer), incident.IncidentId, new CorrectionDraft(
            "The parent says the child is not safe at home", new IncidentChangesDraft(new HashSet<string> { ReportFields.Concerns }, Concerns: new ConcernsDraft(false, [], null, false, [], true, false))),
            CancellationToken.None);
        Assert.Null(corrected.Failure);
        EscalationRecord added = corrected.Value.Plan!.Escalations.Single(e => e.Target == EscalationTarget.FirstResponse);
        string chasing = added.ChasingInstance(incident.IncidentId);
        Assert.NotEqual(incident.IncidentId, chasing);
        Assert.True(corrected.Value.Plan.Serious);
        Assert.Equal(chasing, corrected.Value.Plan.ReviewChasedBy);

        await this.NoticeAsync(firstResponse, incident);
        MimeMessage notice = this.mail.Messages.First(m => m.To.Mailboxes.Any(a => a.Address == firstResponse));
        Assert.StartsWith("Dear First Response Team,", notice.TextBody, StringComparison.Ordinal);
        OrchestrationMetadata? running = await this.host.Client.GetInstanceAsync(chasing);
        Assert.Equal(OrchestrationRuntimeStatus.Running, running?.RuntimeStatus);

        // As the recipient's page and the review page do: the record first, then the workflow that chases it is told.
        EscalationAcknowledgements acknowledgements = new(this.incidents, this.tasks, TimeProvider.System);
        await acknowledgements.AcknowledgeAsync(incident.IncidentId, added.EscalationId, "FR-2026-9", "recipient", "Acknowledged", CancellationToken.None);
        await this.host.Client.RaiseEventAsync(chasing, EscalationAcknowledgements.Acknowledged(added.EscalationId).Name, "FR-2026-9");
        await this.host.Client.RaiseEventAsync(chasing, IncidentResponse.PostIncidentReviewCompleted.Name, "m-fix");
        OrchestrationMetadata done = await this.CompletedAsync(chasing);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(1, done.ReadOutputAs<int>());
        Assert.Equal(1, this.NoticesTo(firstResponse, incident));
        Assert.NotNull(await this.holds.FindAsync(incident.IncidentId, CancellationToken.None));
        Assert.NotNull(await this.tasks.FindAsync(this.agencyId, incident.IncidentId + "-policy-review", CancellationToken.None));
        Assert.Equal(EscalationState.Acknowledged, (await this.incidents.FindAsync(incident.IncidentId, CancellationToken.None))!.Plan!.Escalations.Single().State);
    }

    [Fact]
    public async Task A_notice_the_mail_server_refuses_shows_as_failed_and_the_officer_is_alerted()
    {
        await this.AddPeopleAsync("bounce");
        await this.ConfigureLadoMailboxAsync(SmtpSink.RefusedPrefix + "-lado@county.example");
        Incident incident = await this.ReportAsync(StaffAllegation);

        await this.StartAsync(incident, new ResponseTimings(TimeSpan.FromHours(1), null, AcknowledgementWindow: TimeSpan.FromMinutes(5), PostIncidentReviewDueAfter: TimeSpan.FromMinutes(10)));
        await this.mail.WaitForAsync(m => m.Subject == $"URGENT: referral for {incident.Reference} not delivered", TimeSpan.FromSeconds(45));

        EscalationRecord escalation = (await this.incidents.FindAsync(incident.IncidentId, CancellationToken.None))!.Plan!.Escalations.Single();
        Assert.Equal(EscalationState.Failed, escalation.State);
        Assert.Contains("refused", escalation.FailureReason, StringComparison.Ordinal);
        await this.host.Client.TerminateInstanceAsync(incident.IncidentId);
    }

    [Fact]
    public async Task After_a_serious_incident_the_senior_manager_is_reminded_of_the_policy_review_then_the_board_told_when_overdue()
    {
        await this.AddPeopleAsync("review");
        string admin = "admin-" + this.agencyId;
        await this.directory.SavePersonAsync(new Person(admin, admin + "@board.example", "Board Admin", Agency.BoardId, Role.BoardAdmin, admin + "@board.example"), CancellationToken.None);
        await this.channels.SaveAsync(new TargetChannel(EscalationTarget.Lado, ChannelKind.Manual, null, null), CancellationToken.None);
        Incident incident = await this.ReportAsync(StaffAllegation);

        await this.StartAsync(incident, new ResponseTimings(TimeSpan.FromHours(1), null, AcknowledgementWindow: TimeSpan.FromMinutes(5), PostIncidentReviewDueAfter: TimeSpan.FromSeconds(6), PostIncidentReviewReminderBefore: TimeSpan.FromSeconds(3)));
        await this.mail.WaitForAsync(m => m.Subject == "Overdue post-incident policy review at " + this.agencyId && m.To.Mailboxes.Any(a => a.Address == admin + "@board.example"), TimeSpan.FromSeconds(45));

        Assert.True(this.Received("m-review@", "Policy review needed after serious incident " + incident.Reference));
        Assert.True(this.Received("m-review@", "Reminder: policy review after " + incident.Reference));
        Assert.True(this.Received("m-review@", "Overdue: policy review after " + incident.Reference));
        MimeMessage toBoard = this.mail.Messages.First(m => m.To.Mailboxes.Any(a => a.Address == admin + "@board.example"));
        Assert.DoesNotContain("Confidential", toBoard.TextBody, StringComparison.Ordinal);
        WorkTask review = (await this.tasks.FindAsync(this.agencyId, OpenPostIncidentReview.TaskIdFor(incident.IncidentId), CancellationToken.None))!;
        Assert.Equal(Role.SeniorManager, review.AssigneeRole);
        Assert.Equal(WorkTaskKind.PostIncidentReview, review.Kind);
        await this.host.Client.TerminateInstanceAsync(incident.IncidentId);
    }

    [Fact]
    public async Task A_triage_saved_without_its_event_is_still_noticed_and_the_plan_recorded()
    {
        await this.AddPeopleAsync("lost");
        Incident incident = await this.ReportAsync(status: IncidentStatus.AwaitingTriage);

        await this.StartAsync(incident, new ResponseTimings(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), AcknowledgementWindow: TimeSpan.FromMinutes(5), TriageRecheck: TimeSpan.FromSeconds(2)));
        await this.WaitForStatusAsync(incident.IncidentId, IncidentResponseStatus.TriageEscalated);
        // The triage request saved the answers and then failed before raising the event.
        await this.incidents.UpdateAsync(incident.IncidentId, i => i with { AwaitingTriage = false, Report = i.Report with { Concerns = StaffAllegation } }, CancellationToken.None);

        await this.WaitForStatusAsync(incident.IncidentId, IncidentResponseStatus.Escalating);
        Assert.Equal(ResponseRoute.Lado, (await this.incidents.FindAsync(incident.IncidentId, CancellationToken.None))!.Plan!.Route);
        await this.host.Client.TerminateInstanceAsync(incident.IncidentId);
    }

    [Fact]
    public async Task An_acknowledgement_recorded_without_its_event_stops_the_chasing_at_the_deadline()
    {
        await this.AddPeopleAsync("quiet");
        string lado = "lado-" + this.agencyId + "@county.example";
        await this.ConfigureLadoMailboxAsync(lado);
        Incident incident = await this.ReportAsync(StaffAllegation);

        await this.StartAsync(incident, new ResponseTimings(TimeSpan.FromHours(1), null, AcknowledgementWindow: TimeSpan.FromSeconds(4), PostIncidentReviewDueAfter: TimeSpan.FromMinutes(10)));
        await this.NoticeAsync(lado, incident);
        await new EscalationAcknowledgements(this.incidents, this.tasks, TimeProvider.System)
            .AcknowledgeAsync(incident.IncidentId, incident.IncidentId + "-lado", "LADO-Q", "recipient", "Acknowledged", CancellationToken.None);
        await this.host.Client.RaiseEventAsync(incident.IncidentId, IncidentResponse.PostIncidentReviewCompleted.Name, "m-quiet");

        OrchestrationMetadata done = await this.CompletedAsync(incident.IncidentId);

        Assert.Equal(1, done.ReadOutputAs<IncidentResponseOutcome>()!.Acknowledged);
        Assert.Equal(1, this.NoticesTo(lado, incident));
        Assert.False(this.Received("o-quiet@", "Overdue"));
    }
}
