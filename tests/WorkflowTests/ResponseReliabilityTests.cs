using Azure.Storage.Queues;
using EsafetyServerless.Adapters.Email;
using EsafetyServerless.Adapters.Messaging;
using EsafetyServerless.Adapters.Orchestration;
using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Escalation;
using EsafetyServerless.Workflows.Evidence;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Notifications;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Health;
using EsafetyServerless.Workflows.Platform.Links;
using EsafetyServerless.Workflows.Response;
using EsafetyServerless.Workflows.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace EsafetyServerless.WorkflowTests;

/// <summary>
/// The response workflow under faults, on the real engine (in memory) with storage on Azurite and a real SMTP server:
/// mail refused or down, a step that fails half-way and is retried, a report left untriaged for a long time, a slow
/// mail server. Whatever happens to email, the plan and the referrals go ahead and every notice goes exactly once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ResponseReliabilityTests(AzuriteFixture azurite) : IAsyncLifetime, IDisposable
{
    readonly SmtpSink mail = new();
    readonly string agencyId = "agency-" + Guid.NewGuid().ToString("N")[..8];
    FaultyIncidentStore incidents = null!;
    TablePeopleDirectory directory = null!;
    TableTaskStore tasks = null!;
    TableTargetChannels channels = null!;
    TableEvidenceRecords holds = null!;
    TableAuditTrail audit = null!;
    TableSchedulerHeartbeatStore heartbeats = null!;
    DurableTaskTestHost host = null!;
    LocalEscalationTransport escalations = null!;

    static readonly Concerns StaffAllegation = new(false, [], null, true, [LadoThreshold.RiskOfHarm], false, false);

    public async Task InitializeAsync()
    {
        StorageTables tables = azurite.NewTables();
        this.incidents = new FaultyIncidentStore(new TableIncidentStore(tables));
        this.directory = new TablePeopleDirectory(tables);
        this.holds = new TableEvidenceRecords(tables);
        this.audit = new TableAuditTrail(tables, TimeProvider.System);
        this.tasks = new TableTaskStore(tables);
        this.channels = new TableTargetChannels(tables);
        this.heartbeats = new TableSchedulerHeartbeatStore(tables);
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
            services.AddSingleton(new SignedLinks(new LinkSigningOptions { SigningKey = "workflow-tests-link-signing-key-0123456789" }));
            services.AddSingleton(TimeProvider.System);
            services.AddSingleton<ILegalHolds>(this.holds);
            services.AddSingleton<IRetentionSchedule>(new TableRetentionSchedule(tables));
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

    string Officer(string tag) => $"o-{tag}@{this.agencyId}.example";

    string Manager(string tag) => $"m-{tag}@{this.agencyId}.example";

    string Lado => "lado-" + this.agencyId + "@county.example";

    async Task AddPeopleAsync(string tag, string? officerAddress = null)
    {
        string officer = officerAddress ?? this.Officer(tag);
        await this.directory.SavePersonAsync(new Person($"o-{tag}-{this.agencyId}", officer, "Officer " + tag, this.agencyId, Role.EsafetyOfficer, officer), CancellationToken.None);
        await this.directory.SavePersonAsync(new Person($"m-{tag}-{this.agencyId}", this.Manager(tag), "Manager " + tag, this.agencyId, Role.SeniorManager, this.Manager(tag)), CancellationToken.None);
        await this.channels.SaveAsync(new TargetChannel(EscalationTarget.Lado, ChannelKind.Email, this.Lado, null), CancellationToken.None);
    }

    async Task<Incident> ReportAsync(Concerns? concerns, IncidentStatus status = IncidentStatus.Open)
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
            Report = new IncidentReport(now, "Confidential description", HowIdentified.Observed, null, [], status == IncidentStatus.AwaitingTriage ? null : concerns),
        };
        return (await this.incidents.CreateAsync(incident, null, CancellationToken.None)).Incident;
    }

    Task<string> StartAsync(Incident incident, ResponseTimings? timings) =>
        this.host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(IncidentResponse), new IncidentResponseInput(incident.IncidentId, timings), new StartOrchestrationOptions(incident.IncidentId));

    async Task<OrchestrationMetadata> CompletedAsync(string instanceId)
    {
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(90));
        return await this.host.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
    }

    async Task<RecordedPlan> PlanAsync(string incidentId, TimeSpan within)
    {
        DateTime until = DateTime.UtcNow + within;
        while (DateTime.UtcNow < until)
        {
            if ((await this.incidents.FindAsync(incidentId, CancellationToken.None))?.Plan is { } plan)
            {
                return plan;
            }

            await Task.Delay(200);
        }

        OrchestrationMetadata? state = await this.host.Client.GetInstanceAsync(incidentId);
        throw new TimeoutException($"No response plan within {within}; the workflow is {state?.RuntimeStatus}: {state?.FailureDetails?.ErrorMessage}");
    }

    int Count(string to, string subjectPart) =>
        this.mail.Messages.Count(m => m.To.Mailboxes.Any(a => a.Address == to) && m.Subject?.Contains(subjectPart, StringComparison.Ordinal) == true);

    Task<MimeMessage> ArrivesAsync(string to, string subjectPart, int seconds = 45) =>
        this.mail.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == to) && m.Subject?.Contains(subjectPart, StringComparison.Ordinal) == true, TimeSpan.FromSeconds(seconds));

    /// <summary>Notices retried after 1 s, then every 2 s, for two minutes (in production: a minute, doubling to half an hour, for four hours).</summary>
    static ResponseTimings Quick(TimeSpan? retryFor = null) =>
        new(TimeSpan.FromHours(1), null, AcknowledgementWindow: TimeSpan.FromMinutes(5), PostIncidentReviewDueAfter: TimeSpan.FromMinutes(10),
            NoticeRetryFirst: TimeSpan.FromSeconds(1), NoticeRetryLongest: TimeSpan.FromSeconds(2), NoticeRetryFor: retryFor ?? TimeSpan.FromMinutes(2));

    async Task<WorkTask> UndeliveredNoticeTaskAsync(Incident incident)
    {
        DateTime until = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < until)
        {
            if ((await this.tasks.ListAsync(this.agencyId, CancellationToken.None)).FirstOrDefault(t => t.Kind == WorkTaskKind.UndeliveredNotice && t.SubjectId == incident.IncidentId) is { } task)
            {
                return task;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("No task about undelivered notices for " + incident.IncidentId);
    }

    [Fact]
    public async Task An_officer_address_the_mail_server_refuses_holds_up_neither_the_plan_nor_the_LADO_referral()
    {
        await this.AddPeopleAsync("refused", officerAddress: SmtpSink.RefusedPrefix + "-o@" + this.agencyId + ".example");
        Incident incident = await this.ReportAsync(StaffAllegation);

        await this.StartAsync(incident, Quick());

        RecordedPlan plan = await this.PlanAsync(incident.IncidentId, TimeSpan.FromSeconds(30));
        Assert.Equal(ResponseRoute.Lado, plan.Route);
        await this.ArrivesAsync(this.Lado, "E-safety referral " + incident.Reference);
        Assert.NotEqual(OrchestrationRuntimeStatus.Failed, (await this.host.Client.GetInstanceAsync(incident.IncidentId))!.RuntimeStatus);

        // The officer's notice became a task for the officer, and the senior manager was told.
        WorkTask alert = await this.UndeliveredNoticeTaskAsync(incident);
        Assert.Equal(Role.EsafetyOfficer, alert.AssigneeRole);
        Assert.Contains("New e-safety incident " + incident.Reference, alert.Instructions, StringComparison.Ordinal);
        Assert.Contains("refused", alert.Instructions, StringComparison.Ordinal);
        MimeMessage told = await this.ArrivesAsync(this.Manager("refused"), "Emails about e-safety incident " + incident.Reference + " could not be delivered");
        Assert.DoesNotContain("Confidential", told.TextBody, StringComparison.Ordinal);
        await this.host.Client.TerminateInstanceAsync(incident.IncidentId);
        Assert.Equal(1, this.Count(this.Manager("refused"), "could not be delivered"));
    }

    [Fact]
    public async Task Notices_still_undelivered_when_the_retry_window_closes_become_a_task_and_the_senior_manager_is_told_when_mail_returns()
    {
        await this.AddPeopleAsync("window");
        Incident incident = await this.ReportAsync(Concerns.None);
        this.mail.Unavailable = true;

        await this.StartAsync(incident, Quick(retryFor: TimeSpan.FromSeconds(5)));
        WorkTask alert = await this.UndeliveredNoticeTaskAsync(incident);
        Assert.Contains("the mail server was unavailable", alert.Instructions, StringComparison.Ordinal);
        this.mail.Unavailable = false;

        await this.ArrivesAsync(this.Manager("window"), "Emails about e-safety incident " + incident.Reference + " could not be delivered");
        OrchestrationMetadata done = await this.CompletedAsync(incident.IncidentId);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(0, this.Count(this.Officer("window"), "New e-safety incident")); // Handed over: never sent late.
        Assert.Equal(1, this.Count(this.Manager("window"), "could not be delivered"));
    }

    [Fact]
    public async Task While_the_mail_server_is_down_the_plan_is_recorded_at_once_and_every_notice_goes_once_when_it_is_back()
    {
        await this.AddPeopleAsync("down");
        Incident incident = await this.ReportAsync(StaffAllegation);
        this.mail.Unavailable = true;

        await this.StartAsync(incident, Quick());
        RecordedPlan plan = await this.PlanAsync(incident.IncidentId, TimeSpan.FromSeconds(20));
        Assert.Equal(ResponseRoute.Lado, plan.Route);
        this.mail.Unavailable = false;

        await this.ArrivesAsync(this.Officer("down"), "New e-safety incident " + incident.Reference);
        await this.ArrivesAsync(this.Lado, "E-safety referral " + incident.Reference);
        await this.ArrivesAsync(this.Manager("down"), "Policy review needed after serious incident " + incident.Reference);
        Assert.NotEqual(OrchestrationRuntimeStatus.Failed, (await this.host.Client.GetInstanceAsync(incident.IncidentId))!.RuntimeStatus);
        Assert.Equal(1, this.Count(this.Officer("down"), "New e-safety incident " + incident.Reference));
        Assert.Equal(1, this.Count(this.Lado, "E-safety referral " + incident.Reference));
        Assert.Equal(1, this.Count(this.Manager("down"), "Policy review needed"));
        await this.host.Client.TerminateInstanceAsync(incident.IncidentId);
    }

    [Fact]
    public async Task The_officers_alert_for_a_referral_by_phone_sent_during_a_mail_outage_arrives_once_when_mail_is_back()
    {
        await this.AddPeopleAsync("phone");
        await this.channels.SaveAsync(new TargetChannel(EscalationTarget.Lado, ChannelKind.Manual, null, "Phone the LADO on 0300 000 0001."), CancellationToken.None);
        Incident incident = await this.ReportAsync(StaffAllegation);
        this.mail.Unavailable = true;

        await this.StartAsync(incident, Quick());
        string taskId = EscalationDispatcher.ManualReferralTaskId(incident.IncidentId + "-lado");
        DateTime until = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < until && await this.tasks.FindAsync(this.agencyId, taskId, CancellationToken.None) is null)
        {
            await Task.Delay(200);
        }

        Assert.NotNull(await this.tasks.FindAsync(this.agencyId, taskId, CancellationToken.None));
        await Task.Delay(TimeSpan.FromSeconds(3)); // The transport's retries of the message come and go.
        this.mail.Unavailable = false;

        await this.ArrivesAsync(this.Officer("phone"), $"Action needed: refer {incident.Reference} to the LADO");
        await this.ArrivesAsync(this.Officer("phone"), "New e-safety incident " + incident.Reference);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(1, this.Count(this.Officer("phone"), $"Action needed: refer {incident.Reference} to the LADO"));
        await this.host.Client.TerminateInstanceAsync(incident.IncidentId);
    }

    [Fact]
    public async Task A_terminated_response_is_counted_by_the_health_report_and_restarted_by_the_daily_check_without_repeating_a_notice()
    {
        await this.AddPeopleAsync("stopped");
        Incident incident = await this.ReportAsync(StaffAllegation);
        DurableWorkflowSignals workflows = new(new FixedDurableClientSource(this.host.Client));
        FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
        CheckHealth health = new([], this.heartbeats, workflows, this.incidents, this.directory, clock);

        await this.StartAsync(incident, null);
        await this.ArrivesAsync(this.Lado, "E-safety referral " + incident.Reference);
        await this.ArrivesAsync(this.Officer("stopped"), "New e-safety incident " + incident.Reference);
        await this.ArrivesAsync(this.Manager("stopped"), "Policy review needed after serious incident " + incident.Reference);
        await this.host.Client.TerminateInstanceAsync(incident.IncidentId);
        await this.CompletedAsync(incident.IncidentId);
        Assert.Equal(1, (await health.ExecuteAsync(CancellationToken.None)).Value!.Workflows!.FailedResponses);

        await new RestartFailedResponses(workflows, this.incidents, new ResponseWorkflow(workflows), NullLogger<RestartFailedResponses>.Instance)
            .RunAsync(DateTimeOffset.UtcNow, CancellationToken.None);

        await this.WaitForStatusAsync(incident.IncidentId, IncidentResponseStatus.Escalating);
        await Task.Delay(TimeSpan.FromSeconds(3)); // Time for a repeated notice to arrive, if one were sent.
        Assert.Equal(0, (await health.ExecuteAsync(CancellationToken.None)).Value!.Workflows!.FailedResponses);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await this.host.Client.GetInstanceAsync(incident.IncidentId))!.RuntimeStatus);
        Assert.Equal(1, this.Count(this.Lado, "E-safety referral " + incident.Reference));
        Assert.Equal(1, this.Count(this.Officer("stopped"), "New e-safety incident " + incident.Reference));
        Assert.Equal(1, this.Count(this.Manager("stopped"), "Policy review needed after serious incident " + incident.Reference));
        Assert.Equal(ResponseRoute.Lado, (await this.incidents.FindAsync(incident.IncidentId, CancellationToken.None))!.Plan!.Route);
        await this.host.Client.TerminateInstanceAsync(incident.IncidentId);
    }

    [Fact]
    public async Task The_health_report_counts_incidents_still_waiting_for_their_workflow_after_a_minute()
    {
        await this.directory.SaveAgencyAsync(new Agency(this.agencyId, "Waiting School", AgencyKind.School, "esafety@" + this.agencyId + ".example"), CancellationToken.None);
        FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
        CheckHealth health = new([], this.heartbeats, new DurableWorkflowSignals(new FixedDurableClientSource(this.host.Client)), this.incidents, this.directory, clock);
        clock.Advance(TimeSpan.FromMinutes(2));
        int before = (await health.ExecuteAsync(CancellationToken.None)).Value!.Workflows!.IncidentsWaitingForWorkflow!.Value;

        await this.ReportAsync(Concerns.None); // Stored and never started: what a crash between the two leaves.

        Assert.Equal(before + 1, (await health.ExecuteAsync(CancellationToken.None)).Value!.Workflows!.IncidentsWaitingForWorkflow);
        HealthReport now = (await new CheckHealth([], this.heartbeats, new DurableWorkflowSignals(new FixedDurableClientSource(this.host.Client)), this.incidents, this.directory, TimeProvider.System)
            .ExecuteAsync(CancellationToken.None)).Value!;
        Assert.True(now.Workflows!.IncidentsWaitingForWorkflow <= before, "an incident accepted seconds ago is not yet counted as waiting");
    }

    async Task WaitForStatusAsync(string instanceId, string status)
    {
        DateTime until = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < until)
        {
            if ((await this.host.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true))?.ReadCustomStatusAs<string>() == status)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The workflow never reached " + status);
    }

    [Fact]
    public async Task A_slow_officer_email_does_not_hold_up_the_LADO_referral()
    {
        await this.AddPeopleAsync("slow");
        Incident incident = await this.ReportAsync(StaffAllegation);
        using (this.mail.Hold(this.Officer("slow")))
        {
            await this.StartAsync(incident, Quick());
            await this.ArrivesAsync(this.Lado, "E-safety referral " + incident.Reference, seconds: 30);
            Assert.Equal(0, this.Count(this.Officer("slow"), "New e-safety incident"));
        }

        await this.ArrivesAsync(this.Officer("slow"), "New e-safety incident " + incident.Reference);
        Assert.Equal(1, this.Count(this.Officer("slow"), "New e-safety incident " + incident.Reference));
        await this.host.Client.TerminateInstanceAsync(incident.IncidentId);
    }

    [Fact]
    public async Task An_officer_notice_whose_step_fails_after_sending_is_not_sent_again()
    {
        await this.AddPeopleAsync("retry");
        Incident incident = await this.ReportAsync(Concerns.None);
        this.incidents.FailOnce("E-safety officer notified");

        await this.StartAsync(incident, Quick());
        await this.CompletedAsync(incident.IncidentId);

        Assert.True(this.incidents.Failed("E-safety officer notified"));
        Assert.Equal(1, this.Count(this.Officer("retry"), "New e-safety incident " + incident.Reference));
        Incident done = (await this.incidents.FindAsync(incident.IncidentId, CancellationToken.None))!;
        Assert.Single(done.Actions, a => a.Description.StartsWith("E-safety officer notified", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_triage_reminder_whose_step_fails_after_sending_is_not_sent_again()
    {
        await this.AddPeopleAsync("remind");
        Incident incident = await this.ReportAsync(null, IncidentStatus.AwaitingTriage);
        this.incidents.FailOnce("Not triaged within an hour");

        await this.StartAsync(incident, new ResponseTimings(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20)));
        await this.ArrivesAsync(this.Officer("remind"), "Reminder: e-safety incident " + incident.Reference);
        DateTime until = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < until && !(await this.incidents.FindAsync(incident.IncidentId, CancellationToken.None))!.Actions.Any(a => a.Description.StartsWith("Not triaged within an hour", StringComparison.Ordinal)))
        {
            await Task.Delay(200);
        }

        Assert.True(this.incidents.Failed("Not triaged within an hour"));
        Assert.Equal(1, this.Count(this.Officer("remind"), "Reminder: e-safety incident " + incident.Reference));
        await this.host.Client.TerminateInstanceAsync(incident.IncidentId);
    }

    [Fact]
    public async Task An_overdue_notice_and_the_policy_review_notices_whose_steps_fail_after_sending_are_not_sent_again()
    {
        await this.AddPeopleAsync("late");
        Incident incident = await this.ReportAsync(StaffAllegation);
        this.incidents.FailOnce("Not acknowledged by the LADO");
        this.incidents.FailOnce("Post-incident policy review opened");
        this.incidents.FailOnce("Post-incident policy review: reminder sent");

        await this.StartAsync(incident, new ResponseTimings(TimeSpan.FromHours(1), null, AcknowledgementWindow: TimeSpan.FromSeconds(3), MaxNotices: 1,
            PostIncidentReviewDueAfter: TimeSpan.FromSeconds(40), PostIncidentReviewReminderBefore: TimeSpan.FromSeconds(30)));
        await this.ArrivesAsync(this.Manager("late"), "Overdue: referral for " + incident.Reference);
        await this.ArrivesAsync(this.Manager("late"), "Reminder: policy review after " + incident.Reference);
        DateTime until = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < until && (await this.incidents.FindAsync(incident.IncidentId, CancellationToken.None))!.Actions.Count(a => a.Description.StartsWith("Not acknowledged", StringComparison.Ordinal) || a.Description.StartsWith("Post-incident", StringComparison.Ordinal)) < 3)
        {
            await Task.Delay(200);
        }

        Assert.True(this.incidents.Failed("Not acknowledged by the LADO"));
        Assert.True(this.incidents.Failed("Post-incident policy review opened"));
        Assert.True(this.incidents.Failed("Post-incident policy review: reminder sent"));
        Assert.Equal(1, this.Count(this.Officer("late"), "Overdue: referral for " + incident.Reference));
        Assert.Equal(1, this.Count(this.Manager("late"), "Overdue: referral for " + incident.Reference));
        Assert.Equal(1, this.Count(this.Manager("late"), "Policy review needed after serious incident " + incident.Reference));
        Assert.Equal(1, this.Count(this.Manager("late"), "Reminder: policy review after " + incident.Reference));
        await this.host.Client.TerminateInstanceAsync(incident.IncidentId);
    }

    [Fact]
    public async Task An_automatic_legal_hold_whose_custody_entry_was_not_written_gets_exactly_one_when_the_step_runs_again()
    {
        await this.AddPeopleAsync("hold");
        Incident incident = await this.ReportAsync(Concerns.None with { ChildAtRiskOfSignificantHarm = true });
        // What a step that died right after placing the hold leaves: the hold, and no custody entry.
        await this.holds.PlaceAsync(new LegalHold(incident.IncidentId, this.agencyId, DateTimeOffset.UtcNow, IncidentAction.SystemActor,
            "Serious incident (first-response route): evidence held automatically", Automatic: true), replaceReleased: false, CancellationToken.None);

        await this.StartAsync(incident, Quick());
        await this.PlanAsync(incident.IncidentId, TimeSpan.FromSeconds(30));
        DateTime until = DateTime.UtcNow.AddSeconds(20);
        IReadOnlyList<AuditEntry> trail = [];
        while (DateTime.UtcNow < until && !trail.Any(e => e.Event.Action == CustodyActions.Prefix + CustodyActions.Hold))
        {
            await Task.Delay(300);
            trail = await this.audit.ReadAsync(this.agencyId, CancellationToken.None);
        }

        Assert.Single(trail, e => e.Event.Action == CustodyActions.Prefix + CustodyActions.Hold && e.Event.Subject == incident.IncidentId);
        await this.host.Client.TerminateInstanceAsync(incident.IncidentId);
    }

    [Fact]
    public async Task An_emailed_report_left_untriaged_through_many_rechecks_keeps_its_state_and_is_planned_once_triaged()
    {
        await this.AddPeopleAsync("weeks");
        Incident incident = await this.ReportAsync(null, IncidentStatus.AwaitingTriage);

        await this.StartAsync(incident, new ResponseTimings(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400),
            AcknowledgementWindow: TimeSpan.FromMinutes(5), PostIncidentReviewDueAfter: TimeSpan.FromMinutes(10), TriageRecheck: TimeSpan.FromMilliseconds(200)));
        await this.ArrivesAsync(this.Manager("weeks"), "Untriaged e-safety incident " + incident.Reference);
        await Task.Delay(TimeSpan.FromSeconds(10)); // Dozens of rechecks: weeks of hourly ones, in miniature.

        await this.incidents.UpdateAsync(incident.IncidentId, i => i with { AwaitingTriage = false, Report = i.Report with { Concerns = StaffAllegation } }, CancellationToken.None);
        await this.host.Client.RaiseEventAsync(incident.IncidentId, IncidentResponse.Triaged.Name, "omar");
        Assert.Equal(ResponseRoute.Lado, (await this.PlanAsync(incident.IncidentId, TimeSpan.FromSeconds(30))).Route);
        Assert.Equal(1, this.Count(this.Officer("weeks"), "Reminder: e-safety incident " + incident.Reference));
        Assert.Equal(1, this.Count(this.Manager("weeks"), "Untriaged e-safety incident " + incident.Reference));
        await this.host.Client.TerminateInstanceAsync(incident.IncidentId);
    }

    [Fact]
    public async Task An_emailed_report_whose_reminders_wait_for_the_mail_server_is_planned_as_soon_as_it_is_triaged_and_each_reminder_goes_once()
    {
        await this.AddPeopleAsync("outage");
        Incident incident = await this.ReportAsync(null, IncidentStatus.AwaitingTriage);
        this.mail.Unavailable = true;

        await this.StartAsync(incident, new ResponseTimings(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400),
            AcknowledgementWindow: TimeSpan.FromMinutes(5), PostIncidentReviewDueAfter: TimeSpan.FromMinutes(10), TriageRecheck: TimeSpan.FromMilliseconds(300),
            NoticeRetryFirst: TimeSpan.FromSeconds(1), NoticeRetryLongest: TimeSpan.FromSeconds(2), NoticeRetryFor: TimeSpan.FromMinutes(2)));
        await this.WaitForStatusAsync(incident.IncidentId, IncidentResponseStatus.TriageEscalated);
        await Task.Delay(TimeSpan.FromSeconds(3)); // Hourly looks while the officer's notices are still being retried.

        await this.incidents.UpdateAsync(incident.IncidentId, i => i with { AwaitingTriage = false, Report = i.Report with { Concerns = StaffAllegation } }, CancellationToken.None);
        await this.host.Client.RaiseEventAsync(incident.IncidentId, IncidentResponse.Triaged.Name, "omar");
        Assert.Equal(ResponseRoute.Lado, (await this.PlanAsync(incident.IncidentId, TimeSpan.FromSeconds(20))).Route);

        this.mail.Unavailable = false;
        await this.ArrivesAsync(this.Lado, "E-safety referral " + incident.Reference);
        await this.ArrivesAsync(this.Officer("outage"), "Reminder: e-safety incident " + incident.Reference);
        await this.ArrivesAsync(this.Manager("outage"), "Untriaged e-safety incident " + incident.Reference);
        await Task.Delay(TimeSpan.FromSeconds(3)); // Time for a second copy to arrive, were one going to.
        Assert.Equal(1, this.Count(this.Officer("outage"), "New e-safety incident " + incident.Reference));
        Assert.Equal(1, this.Count(this.Officer("outage"), "Reminder: e-safety incident " + incident.Reference));
        Assert.Equal(1, this.Count(this.Manager("outage"), "Untriaged e-safety incident " + incident.Reference));
        await this.host.Client.TerminateInstanceAsync(incident.IncidentId);
    }
}
