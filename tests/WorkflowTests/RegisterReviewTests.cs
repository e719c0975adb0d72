using EsafetyServerless.Adapters.Email;
using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Notifications;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Registers;
using EsafetyServerless.Workflows.Reviews;
using EsafetyServerless.Workflows.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using EsafetyServerless.Adapters.Orchestration;

namespace EsafetyServerless.WorkflowTests;

/// <summary>
/// The review workflow on the real engine (in memory) with the 30/7/1-day reminders and the 14-day board escalation
/// shrunk to seconds (the first reminder 6 s after the start, so a loaded machine still starts the workflow in time);
/// storage on Azurite, email through a real SMTP server.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RegisterReviewTests(AzuriteFixture azurite) : IAsyncLifetime, IDisposable
{
    static readonly ReviewTimings Shrunk = new([TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2)], TimeSpan.FromSeconds(2));
    readonly SmtpSink mail = new();
    readonly string agencyId = "rv-" + Guid.NewGuid().ToString("N")[..8];
    readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    TableRegisterStore registers = null!;
    TableTaskStore tasks = null!;
    TablePeopleDirectory directory = null!;
    TableAuditTrail audit = null!;
    DurableTaskTestHost host = null!;

    Person Officer => new("o-" + this.agencyId, "o@" + this.agencyId + ".example", "Officer", this.agencyId, Role.EsafetyOfficer, "o@" + this.agencyId + ".example");

    Person Manager => new("m-" + this.agencyId, "m@" + this.agencyId + ".example", "Manager", this.agencyId, Role.SeniorManager, "m@" + this.agencyId + ".example");

    Person BoardAdmin => new("ba-" + this.agencyId, "ba@" + this.agencyId + ".example", "Board admin", Agency.BoardId, Role.BoardAdmin, "ba@" + this.agencyId + ".example");

    DateOnly Today => DateOnly.FromDateTime(this.clock.GetUtcNow().UtcDateTime);

    public async Task InitializeAsync()
    {
        StorageTables tables = azurite.NewTables();
        this.registers = new TableRegisterStore(tables);
        this.tasks = new TableTaskStore(tables);
        this.directory = new TablePeopleDirectory(tables);
        this.audit = new TableAuditTrail(tables, this.clock);
        foreach (Person person in new[] { this.Officer, this.Manager, this.BoardAdmin })
        {
            await this.directory.SavePersonAsync(person, CancellationToken.None);
        }

        this.host = await TestHosts.StartAsync(new DurableTaskTestHostOptions
        {
            ConfigureServices = services =>
            {
                services.AddSingleton<IRegisterStore>(this.registers);
                services.AddSingleton<ITaskStore>(this.tasks);
                services.AddSingleton<IPeopleDirectory>(this.directory);
                services.AddSingleton<IEmailSender>(new SmtpEmailSender(new EmailOptions { SmtpHost = "127.0.0.1", SmtpPort = this.mail.Port }));
                services.AddSingleton(new AppLinks { BaseUrl = "https://esafety.example" });
                services.AddSingleton<TimeProvider>(this.clock);
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

    CompleteRegisterReview CompleteReview => new(this.registers, this.tasks, this.directory, new AuditRecorder(this.audit), new DurableWorkflowSignals(new FixedDurableClientSource(this.host.Client)), this.clock);

    DelegateRegisterReview DelegateReview => new(this.registers, this.tasks, this.directory, new AuditRecorder(this.audit), this.clock);

    async Task<RegisterItem> AddPolicyAsync(DateOnly due)
    {
        RegisterItem item = new(this.agencyId, ReviewCycle.NewItemId(RegisterKind.Policy), RegisterKind.Policy, "E-safety policy",
            due.AddMonths(-12), due, this.clock.GetUtcNow(), this.Manager.PersonId, Policy: new PolicyDetails(PolicyKind.EsafetyPolicy));
        await this.registers.CreateAsync(item, CancellationToken.None);
        return item;
    }

    async Task<string> StartAsync(RegisterItem item, DateTimeOffset dueAt, ReviewTimings timings)
    {
        string instanceId = ReviewInstances.IdFor(item.AgencyId, item.ItemId, DateOnly.FromDateTime(dueAt.UtcDateTime));
        await this.host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(RegisterReview),
            new RegisterReviewInput(item.AgencyId, item.ItemId, item.Kind, dueAt, timings), new StartOrchestrationOptions(instanceId));
        return instanceId;
    }

    static ReviewDraft Draft(string responsible) =>
        new(["Pupils now use a messaging app at home"], [new ReviewAction("Add messaging apps to the children's AUP", responsible)], ["staff", "parents and carers"], null);

    bool Received(Person person, string subjectPart) =>
        this.mail.Messages.Any(m => m.To.Mailboxes.Any(a => a.Address == person.Email) && m.Subject?.Contains(subjectPart, StringComparison.Ordinal) == true);

    [Fact]
    public async Task An_unreviewed_policy_is_reminded_escalated_to_the_senior_manager_then_the_board_and_a_delegated_review_completes_the_cycle()
    {
        DateTimeOffset dueAt = DateTimeOffset.UtcNow.AddSeconds(14);
        RegisterItem policy = await this.AddPolicyAsync(DateOnly.FromDateTime(dueAt.UtcDateTime));
        string instanceId = await this.StartAsync(policy, dueAt, Shrunk);

        await this.mail.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == this.Manager.Email) && m.Subject?.StartsWith("Reminder", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(30));
        Outcome<WorkTask> delegated = await this.DelegateReview.ExecuteAsync(new Actor(this.Manager), this.agencyId, policy.ItemId, new DelegationDraft(this.Officer.PersonId, "Officer knows the apps"), CancellationToken.None);
        await this.mail.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == this.BoardAdmin.Email), TimeSpan.FromSeconds(30));
        Outcome<RegisterItem> completed = await this.CompleteReview.ExecuteAsync(new Actor(this.Officer), this.agencyId, policy.ItemId, Draft(this.Officer.PersonId), CancellationToken.None);
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(30));
        OrchestrationMetadata done = await this.host.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);

        Assert.True(delegated.Succeeded, delegated.Failure?.Detail);
        Assert.True(completed.Succeeded, completed.Failure?.Detail);
        Assert.Equal(new TaskDelegation(this.Manager.PersonId, this.Officer.PersonId, this.clock.GetUtcNow(), "Officer knows the apps"), delegated.Value.Delegation);
        Assert.True(this.Received(this.Manager, "Review due: Review the policy \"E-safety policy\""));
        Assert.True(this.Received(this.Manager, "Overdue review: "));
        Assert.True(this.Received(this.Officer, "Overdue review: "));
        Assert.True(this.Received(this.BoardAdmin, "Overdue review escalated to the board"));
        RegisterReviewOutcome outcome = done.ReadOutputAs<RegisterReviewOutcome>()!;
        Assert.Equal(3, outcome.RemindersSent);
        Assert.Equal([ReviewStage.EscalatedToSeniorManager, ReviewStage.EscalatedToBoard], outcome.Escalations);
        Assert.Equal(this.Today.AddMonths(12), outcome.Review!.NextDue);

        RegisterItem reviewed = (await this.registers.FindAsync(this.agencyId, policy.ItemId, CancellationToken.None))!;
        Assert.Equal(this.Today, reviewed.LastReviewed);
        Assert.Equal(this.Today.AddMonths(12), reviewed.NextReviewDue);
        ReviewRecord record = Assert.Single(reviewed.ReviewHistory);
        Assert.Equal(this.Officer.PersonId, Assert.Single(record.Actions).ResponsiblePersonId);
        Assert.Equal(["staff", "parents and carers"], record.StakeholdersConsulted);
        WorkTask task = (await this.tasks.FindAsync(this.agencyId, ReviewInstances.TaskIdFor(policy.ItemId, policy.NextReviewDue!.Value), CancellationToken.None))!;
        Assert.Equal(WorkTaskState.Done, task.State);
        Assert.Equal(this.Officer.PersonId, task.Completion!.CompletedBy);
        List<DueEntry> dueSoon = [];
        await foreach (DueEntry entry in this.registers.ListDueAsync(this.Today.AddDays(30), CancellationToken.None))
        {
            dueSoon.Add(entry);
        }

        Assert.DoesNotContain(dueSoon, e => e.ItemId == policy.ItemId);
    }

    [Fact]
    public async Task A_review_completed_before_the_first_reminder_sends_no_reminder_and_escalates_to_nobody()
    {
        DateTimeOffset dueAt = DateTimeOffset.UtcNow.AddSeconds(60);
        RegisterItem policy = await this.AddPolicyAsync(DateOnly.FromDateTime(dueAt.UtcDateTime));
        string instanceId = await this.StartAsync(policy, dueAt, new ReviewTimings([TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(20)], TimeSpan.FromSeconds(10)));

        await this.mail.WaitForAsync(m => m.Subject?.StartsWith("Review due:", StringComparison.Ordinal) == true && m.To.Mailboxes.Any(a => a.Address == this.Manager.Email), TimeSpan.FromSeconds(30));
        Assert.True((await this.CompleteReview.ExecuteAsync(new Actor(this.Manager), this.agencyId, policy.ItemId, Draft(this.Manager.PersonId), CancellationToken.None)).Succeeded);
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(30));
        OrchestrationMetadata done = await this.host.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);

        RegisterReviewOutcome outcome = done.ReadOutputAs<RegisterReviewOutcome>()!;
        Assert.Equal(0, outcome.RemindersSent);
        Assert.Empty(outcome.Escalations);
        Assert.False(this.Received(this.Manager, "Reminder"));
    }

    [Fact]
    public async Task A_cycle_whose_due_date_moved_closes_its_task_and_ends_instead_of_chasing_a_date_that_no_longer_applies()
    {
        DateTimeOffset dueAt = DateTimeOffset.UtcNow.AddSeconds(14);
        DateOnly due = DateOnly.FromDateTime(dueAt.UtcDateTime);
        RegisterItem policy = await this.AddPolicyAsync(due);
        string instanceId = await this.StartAsync(policy, dueAt, Shrunk);
        await this.mail.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == this.Manager.Email) && m.Subject?.StartsWith("Review due", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(30));

        // A new technology (or an edit) moves the review date: the next cycle is the scan's business.
        await this.registers.UpdateAsync(this.agencyId, policy.ItemId, i => i with { NextReviewDue = due.AddDays(3) }, CancellationToken.None);
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(45));
        OrchestrationMetadata done = await this.host.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(RegisterReviewStatus.Superseded, done.ReadCustomStatusAs<string>());
        Assert.Equal(WorkTaskState.Done, (await this.tasks.FindAsync(this.agencyId, ReviewInstances.TaskIdFor(policy.ItemId, due), CancellationToken.None))!.State);
        Assert.False(this.Received(this.Manager, "Overdue review: "));
        Assert.False(this.Received(this.BoardAdmin, "Overdue review escalated to the board"));
    }

    [Fact]
    public async Task A_cycle_whose_workflow_was_terminated_is_started_again_by_the_next_scan_and_a_running_one_is_left_alone()
    {
        DateTimeOffset dueAt = DateTimeOffset.UtcNow.AddDays(20);
        RegisterItem policy = await this.AddPolicyAsync(DateOnly.FromDateTime(dueAt.UtcDateTime));
        string instanceId = await this.StartAsync(policy, dueAt, Shrunk);
        await this.host.Client.TerminateInstanceAsync(instanceId);
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(30));
        await this.host.Client.WaitForInstanceCompletionAsync(instanceId, timeout.Token);
        DurableWorkflowSignals workflows = new(new FixedDurableClientSource(this.host.Client));
        RegisterReviewInput input = new(policy.AgencyId, policy.ItemId, policy.Kind, dueAt, Shrunk);

        bool restarted = await workflows.StartIfNewAsync(nameof(RegisterReview), instanceId, input, restartIfFailed: true, CancellationToken.None);
        bool again = await workflows.StartIfNewAsync(nameof(RegisterReview), instanceId, input, restartIfFailed: true, CancellationToken.None);

        Assert.True(restarted);
        Assert.False(again);
        OrchestrationMetadata state = (await this.host.Client.GetInstanceAsync(instanceId))!;
        Assert.NotEqual(OrchestrationRuntimeStatus.Terminated, state.RuntimeStatus);
        await this.host.Client.TerminateInstanceAsync(instanceId);
    }

    [Fact]
    public async Task A_cycle_whose_item_was_already_reviewed_opens_no_task()
    {
        DateOnly due = this.Today.AddDays(10);
        RegisterItem policy = await this.AddPolicyAsync(due);
        Assert.True((await this.CompleteReview.ExecuteAsync(new Actor(this.Manager), this.agencyId, policy.ItemId, Draft(this.Manager.PersonId), CancellationToken.None)).Succeeded);
        string instanceId = await this.StartAsync(policy, ReviewInstances.DueAt(due), Shrunk);

        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(30));
        OrchestrationMetadata done = await this.host.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);

        Assert.Null(done.ReadOutputAs<RegisterReviewOutcome>()!.Review);
        Assert.Null(await this.tasks.FindAsync(this.agencyId, ReviewInstances.TaskIdFor(policy.ItemId, due), CancellationToken.None));
    }

    [Fact]
    public async Task A_training_refresher_opens_a_refresher_task_for_the_officer_and_completing_it_sets_the_next_refresher()
    {
        DateTimeOffset dueAt = DateTimeOffset.UtcNow.AddSeconds(60);
        DateOnly due = DateOnly.FromDateTime(dueAt.UtcDateTime);
        RegisterItem training = new(this.agencyId, ReviewCycle.NewItemId(RegisterKind.Training), RegisterKind.Training, "Think U Know for educators",
            due.AddMonths(-12), due, this.clock.GetUtcNow(), this.Officer.PersonId, Training: new TrainingDetails(TrainingRole.Educators, this.Manager.PersonId, "Think U Know", due.AddMonths(-12), "CEOP"));
        await this.registers.CreateAsync(training, CancellationToken.None);
        string instanceId = await this.StartAsync(training, dueAt, Shrunk);

        await this.mail.WaitForAsync(m => m.Subject?.StartsWith("Review due: Training refresher due", StringComparison.Ordinal) == true && m.To.Mailboxes.Any(a => a.Address == this.Officer.Email), TimeSpan.FromSeconds(30));
        WorkTask task = (await this.tasks.FindAsync(this.agencyId, ReviewInstances.TaskIdFor(training.ItemId, due), CancellationToken.None))!;
        Assert.True((await this.CompleteReview.ExecuteAsync(new Actor(this.Officer), this.agencyId, training.ItemId, new ReviewDraft([], [], [], null), CancellationToken.None)).Succeeded);
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(30));
        OrchestrationMetadata done = await this.host.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(WorkTaskKind.TrainingRefresher, task.Kind);
        Assert.Equal(Role.EsafetyOfficer, task.AssigneeRole);
        Assert.Equal(this.Today.AddMonths(12), done.ReadOutputAs<RegisterReviewOutcome>()!.Review!.NextDue);
        RegisterItem refreshed = (await this.registers.FindAsync(this.agencyId, training.ItemId, CancellationToken.None))!;
        Assert.Equal(this.Today, refreshed.Training!.CompletedOn);
    }
}
