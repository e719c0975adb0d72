using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Notifications;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Orchestration;
using EsafetyServerless.Workflows.Tasks;
using Microsoft.DurableTask;

namespace EsafetyServerless.Workflows.Response;

/// <summary>Where an incident's retrying of undelivered notices stands, carried across a ContinueAsNew.</summary>
/// <param name="Since">When the notices were first found undelivered (the retry window counts from here).</param>
public sealed record NoticeBacklog(DateTime Since, DateTime NextAttemptAt, int Attempts);

/// <summary>
/// Inside <see cref="IncidentResponse"/>: follows up the incident's notices the mail server did not take. Each step that
/// sends notices reports what is left (<see cref="NoticeReport"/>); while anything is, one loop sends the incident's
/// pending notices again on durable timers — a minute, doubling, at most half an hour apart (<see cref="ResponseTimings"/>)
/// — so a mail outage blocks nothing: the orchestration waits on timers, not on activity retries. A refused notice, or
/// notices still undelivered when the retry window closes (four hours), become an alert another way
/// (<see cref="AlertUndeliveredNotices"/>). Single-threaded like every orchestrator, so its state is replay-safe.
/// </summary>
public sealed class NoticeFollowUp
{
    static readonly TaskOptions Retries = ActivityRetries.Standard;

    readonly TaskOrchestrationContext context;
    readonly IncidentRef incident;
    readonly ResponseTimings timings;
    NoticeBacklog? backlog;
    NoticeReport? followed;
    Task running = Task.CompletedTask;
    CancellationTokenSource? retryWait;
    bool handingOver;

    public NoticeFollowUp(TaskOrchestrationContext context, IncidentRef incident, ResponseTimings timings, NoticeBacklog? carried)
    {
        ArgumentNullException.ThrowIfNull(context);
        this.context = context;
        this.incident = incident;
        this.timings = timings;
        if (carried is not null)
        {
            this.backlog = carried;
            this.running = this.RunAsync(new NoticeReport(0, 1, 0));
        }
    }

    /// <summary>Takes a step's report: anything left to send or to report starts (or extends) the follow-up.</summary>
    public void Follow(NoticeReport? report)
    {
        if (report is not { NeedsFollowUp: true })
        {
            return;
        }

        if (this.running.IsCompleted)
        {
            this.running = this.RunAsync(report);
        }
        else
        {
            this.followed = this.followed is { } earlier
                ? new NoticeReport(0, Math.Max(earlier.Pending, report.Pending), Math.Max(earlier.Refused, report.Refused))
                : report;
        }
    }

    /// <summary>
    /// Stops the follow-up so the instance can continue as new, and returns what the new generation needs to go on
    /// retrying (null when nothing is left). The engine ends a generation only once none of its timers or activities
    /// is open, so a follow-up left waiting on its timer would hold the instance in the old generation — with nobody
    /// waiting for the officer's triage — until the retry window closed. The timer is cancelled; a send already under
    /// way is finished first.
    /// </summary>
    public async Task<NoticeBacklog?> HandOverAsync()
    {
        if (this.running.IsCompleted)
        {
            return null;
        }

        this.handingOver = true;
        this.retryWait?.Cancel(); // Synchronously, like every cancellation in an orchestrator (see DurableWaits).
        await this.running;
        return this.backlog;
    }

    /// <summary>Completes once nothing is left to send or report.</summary>
    public Task DrainedAsync() => this.running;

    /// <summary>
    /// Bounded: each round either alerts, or waits on a timer that doubles up to its cap, and the retry window closes
    /// after a fixed time — so an instance makes a few dozen rounds at most, and ContinueAsNew carries the rest.
    /// </summary>
    async Task RunAsync(NoticeReport report)
    {
        DateTime now = this.context.CurrentUtcDateTime;
        this.backlog ??= new NoticeBacklog(now, now + this.timings.NoticeRetryDelay(1), 1);
        do
        {
            if (this.followed is { } later)
            {
                report = new NoticeReport(report.Sent, Math.Max(report.Pending, later.Pending), Math.Max(report.Refused, later.Refused));
                this.followed = null;
            }

            if (report.Refused > 0)
            {
                // Refused for good (no such mailbox): retrying will not help, so someone is told another way at once.
                report = await this.AlertAsync(giveUpPending: false);
            }

            if (report.Pending == 0)
            {
                continue;
            }

            if (this.context.CurrentUtcDateTime >= this.backlog.Since + this.timings.NoticeRetryWindow)
            {
                report = await this.AlertAsync(giveUpPending: true);
                now = this.context.CurrentUtcDateTime;
                this.backlog = new NoticeBacklog(now, now + this.timings.NoticeRetryDelay(1), 1); // The alerts' own window.
                continue;
            }

            if (!await this.WaitForNextAttemptAsync(this.backlog.NextAttemptAt))
            {
                return; // Handed over: the backlog goes to the next generation.
            }

            report = await this.context.CallActivityAsync<NoticeReport>(nameof(DeliverNotices), this.incident, Retries);
            int attempts = this.backlog.Attempts + 1;
            this.backlog = this.backlog with { Attempts = attempts, NextAttemptAt = this.context.CurrentUtcDateTime + this.timings.NoticeRetryDelay(attempts) };
        }
        while (report.NeedsFollowUp || this.followed is not null);

        this.backlog = null;
    }

    /// <returns>False when the follow-up is being handed over to the next generation (the wait cancelled, or not begun).</returns>
    async Task<bool> WaitForNextAttemptAsync(DateTime attemptAt)
    {
        if (this.handingOver)
        {
            return false;
        }

        using CancellationTokenSource wait = new();
        this.retryWait = wait;
        try
        {
            await this.context.CreateTimer(attemptAt, wait.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        finally
        {
            this.retryWait = null;
        }
    }

    Task<NoticeReport> AlertAsync(bool giveUpPending) =>
        this.context.CallActivityAsync<NoticeReport>(nameof(AlertUndeliveredNotices), new UndeliveredNoticesAlert(this.incident.IncidentId, giveUpPending), Retries);
}

/// <summary>Sends the incident's pending notices again (the mail server was down); reports what is still left.</summary>
public sealed class DeliverNotices(NoticeDelivery delivery) : TaskActivity<IncidentRef, NoticeReport>
{
    public override Task<NoticeReport> RunAsync(TaskActivityContext context, IncidentRef input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return delivery.DeliverPendingAsync(input.IncidentId, CancellationToken.None);
    }
}

/// <param name="GiveUpPending">The retry window closed: notices still pending are handed over too, and no longer sent.</param>
public sealed record UndeliveredNoticesAlert(string IncidentId, bool GiveUpPending);

/// <summary>
/// Notices that could not be emailed — refused for good, or still undelivered when the retry window closed — turned into
/// an alert another way: a task in the e-safety officer's "My tasks" saying what did not reach whom, and the senior
/// manager told (by email, itself retried). Those notices are then marked as handed over and never sent late. Runs
/// once per set of notices however often it is retried: the task id and the senior manager's notice ids come from
/// the notices' own ids.
/// </summary>
public sealed class AlertUndeliveredNotices(
    IIncidentStore incidents, IPeopleDirectory directory, ITaskStore tasks, INoticeOutbox outbox, NoticeDelivery delivery, AppLinks links, TimeProvider timeProvider)
    : TaskActivity<UndeliveredNoticesAlert, NoticeReport>
{
    /// <summary>The senior manager's notices about undelivered ones: never themselves the subject of an alert.</summary>
    public const string AlertPrefix = "undelivered-alert/";

    public static string TaskIdFor(string incidentId, string batch) => incidentId + "-undelivered-" + batch;

    public override async Task<NoticeReport> RunAsync(TaskActivityContext context, UndeliveredNoticesAlert input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Incident? incident = await incidents.FindAsync(input.IncidentId, CancellationToken.None);
        if (incident is null)
        {
            return NoticeReport.None; // Purged after its retention period: nobody left to tell.
        }

        IReadOnlyList<NoticeRecord> records = await outbox.ListAsync(incident.IncidentId, CancellationToken.None);
        List<NoticeRecord> undelivered = records
            .Where(r => !r.NoticeId.StartsWith(AlertPrefix, StringComparison.Ordinal))
            .Where(r => r.State == NoticeState.Refused || (input.GiveUpPending && r.State is NoticeState.Pending or NoticeState.Sending))
            .OrderBy(r => r.NoticeId, StringComparer.Ordinal)
            .ToList();
        DateTimeOffset now = timeProvider.GetUtcNow();
        List<Notice> alerts = [];
        if (undelivered.Count > 0)
        {
            string batch = Batch(undelivered);
            string list = string.Join("\n", undelivered.Select(r => $"- \"{r.Email.Subject}\" to {r.Email.To}: {(r.State == NoticeState.Refused ? "refused by the mail server" : "the mail server was unavailable")}"));
            await tasks.OpenAsync(new WorkTask(
                TaskId: TaskIdFor(incident.IncidentId, batch),
                AgencyId: incident.AgencyId,
                Kind: WorkTaskKind.UndeliveredNotice,
                SubjectId: incident.IncidentId,
                Title: $"Emails about incident {incident.Reference} could not be delivered",
                Instructions: "These emails could not be delivered and will not be sent:\n" + list +
                    "\nOpen the incident, check that everyone who needed to know has been told (by phone if need be), and ask the board administrator to correct any wrong address.",
                AssigneeRole: Role.EsafetyOfficer,
                AssigneePersonId: null,
                OpenedAt: now,
                DueAt: now,
                Link: "/incidents/" + incident.IncidentId), CancellationToken.None);
            foreach (Person manager in (await directory.ListPeopleAsync(incident.AgencyId, CancellationToken.None)).Where(p => p.ActsAs(Role.SeniorManager)))
            {
                alerts.Add(new Notice(AlertPrefix + batch + "/" + manager.PersonId, new OutgoingEmail(manager.Email,
                    $"Emails about e-safety incident {incident.Reference} could not be delivered",
                    string.Create(CultureInfo.InvariantCulture, $"""
                        Dear {manager.DisplayName},

                        {undelivered.Count} email(s) about e-safety incident {incident.Reference} could not be delivered:
                        {list}

                        The e-safety officer has a task to follow this up. Please make sure they know about the incident:
                        {links.To("/incidents/" + incident.IncidentId)}
                        """))));
            }

            string description = string.Create(CultureInfo.InvariantCulture, $"{undelivered.Count} email(s) could not be delivered: task for the e-safety officer, senior manager told (ref {batch})");
            if (!incident.Actions.Any(a => a.TakenBy == IncidentAction.SystemActor && a.Description == description))
            {
                await incidents.AddActionAsync(incident.IncidentId, new IncidentAction(description, IncidentAction.SystemActor, now), CancellationToken.None);
            }
        }

        // The senior manager's notices are recorded before the others are marked handed over, so a retried activity
        // that finds nothing left to hand over still sends them.
        if (alerts.Count > 0)
        {
            await outbox.RecordAsync(incident.IncidentId, alerts, now, CancellationToken.None);
        }

        IEnumerable<NoticeRecord> handedOver = input.GiveUpPending
            ? undelivered.Concat(records.Where(r => r.NoticeId.StartsWith(AlertPrefix, StringComparison.Ordinal) && r.State is NoticeState.Pending or NoticeState.Sending))
            : undelivered;
        foreach (NoticeRecord record in handedOver)
        {
            await outbox.MarkAsync(incident.IncidentId, record.NoticeId, NoticeState.Alerted, now, record.Reason, CancellationToken.None);
        }

        return await delivery.DeliverPendingAsync(incident.IncidentId, CancellationToken.None);
    }

    /// <summary>A short name for the set of notices (the same set always gets the same one).</summary>
    static string Batch(IEnumerable<NoticeRecord> notices) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("|", notices.Select(n => n.NoticeId)))))[..12];
}
