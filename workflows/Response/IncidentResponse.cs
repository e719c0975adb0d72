using EsafetyServerless.Workflows.Escalation;
using EsafetyServerless.Workflows.Platform.Orchestration;
using Microsoft.DurableTask;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Notifications;

namespace EsafetyServerless.Workflows.Response;

/// <summary>
/// The incident-response workflow, one instance per incident (instance id = incident id):
/// 1. the agency's e-safety officer is told at once (docs/domain.md, "Deadlines"), while
/// 2. the flowchart's plan (route, seriousness, escalations with their deadlines) is recorded on the incident — or, for
///    an emailed report, once the officer has triaged it (a reminder after an hour, the senior manager told after four
///    working hours), because an email cannot answer the flowchart's questions;
/// 3. each escalation is published as soon as the plan is recorded and chased until acknowledged; the legal hold, the
///    retention date and, after a serious incident, the post-incident review run alongside.
/// Email never stops it: every notice is sent once through the incident's outbox, and one the mail server does not take
/// is retried on durable timers (<see cref="NoticeFollowUp"/>) until someone is alerted another way. Safe to run again
/// from the start (the daily <see cref="RestartFailedResponses"/>): every activity finds what an earlier run did.
/// Inputs, outputs and status carry ids and states only; names and descriptions stay in the incident log.
/// </summary>
public sealed class IncidentResponse : TaskOrchestrator<IncidentResponseInput, IncidentResponseOutcome>
{
    /// <summary>Raised by <see cref="TriageIncident"/> once the officer has answered the flowchart's questions; carries their person id.</summary>
    public static WorkflowEvent<string> Triaged { get; } = new("Triaged");

    /// <summary>Raised by <see cref="CompletePostIncidentReview"/>; carries who completed it. (Its name predates the review's one name.)</summary>
    public static WorkflowEvent<string> PostIncidentReviewCompleted { get; } = new("PolicyReviewCompleted");

    static readonly TaskOptions Retries = ActivityRetries.Standard;

    public override async Task<IncidentResponseOutcome> RunAsync(TaskOrchestrationContext context, IncidentResponseInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        IncidentRef incident = new(input.IncidentId);
        ResponseTimings timings = input.Timings ?? ResponseTimings.Default;
        NoticeFollowUp notices = new(context, incident, timings, input.Notices);

        PlanRecorded plan;
        Task<int> officersNotified;
        if (input.Triage is { } waiting)
        {
            // A generation continued while an emailed report waits for triage (see ContinueTriageWaitAsync).
            officersNotified = Task.FromResult(waiting.OfficersNotified);
            context.SetCustomStatus(IncidentResponseStatus.TriageEscalated);
            // The incident first: a triage whose event was lost (between generations, or the request failed after
            // saving) is found here; then the event, the fast path, until the next look.
            bool triaged = !await ChaseTriageAsync(context, notices, new TriageChase(input.IncidentId, TriageChaseStage.CheckOnly))
                || await WaitForTriageAsync(context, context.CurrentUtcDateTime + timings.TriageRecheckEvery);
            if (!triaged)
            {
                await ContinueTriageWaitAsync(context, input, waiting.OfficersNotified, notices);
                return null!;
            }

            plan = await RecordPlanAsync(context, input.IncidentId, timings);
        }
        else
        {
            // The officer's notice and the plan go at once, side by side: an email never holds up a referral.
            context.SetCustomStatus(IncidentResponseStatus.NotifyingOfficer);
            officersNotified = NotifyOfficerAsync(context, incident, notices);
            plan = await RecordPlanAsync(context, input.IncidentId, timings);
            if (plan.AwaitingTriage)
            {
                context.SetCustomStatus(IncidentResponseStatus.AwaitingTriage);
                if (!await TriageWithinTheDeadlinesAsync(context, input.IncidentId, timings, plan, notices))
                {
                    await ContinueTriageWaitAsync(context, input, await officersNotified, notices);
                    return null!;
                }

                plan = await RecordPlanAsync(context, input.IncidentId, timings);
            }
        }

        // Referrals first: every escalation is published as soon as the plan is recorded, and chased on its own
        // deadline; the legal hold, the retention date and the policy review run alongside.
        List<Task<bool>> chases = [.. plan.Escalations.Select(e => ChaseEscalationAsync(context, notices, input.IncidentId, plan.AgencyId, e, timings))];
        List<Task> recorded = [context.CallActivityAsync<DateTimeOffset>(nameof(Evidence.ScheduleRetention), incident, Retries)];
        if (plan.Serious)
        {
            // A serious incident's evidence goes on legal hold at once; only the senior manager can release it.
            recorded.Add(context.CallActivityAsync<bool>(nameof(Evidence.PlaceLegalHold), incident, Retries));
        }

        Task<bool> review = plan.Serious ? SeePostIncidentReviewThroughAsync(context, notices, input.IncidentId, timings) : Task.FromResult(true);
        await Task.WhenAll(recorded);
        context.SetCustomStatus(IncidentResponseStatus.Escalating);

        bool[] acknowledged = await Task.WhenAll(chases);
        await review;
        int notified = await officersNotified;
        await notices.DrainedAsync();
        context.SetCustomStatus(IncidentResponseStatus.Completed);
        return new IncidentResponseOutcome(
            input.IncidentId, notified, plan.Route, plan.Serious, plan.Escalations.Select(e => e.Target).ToList(), acknowledged.Count(a => a));
    }

    static async Task<int> NotifyOfficerAsync(TaskOrchestrationContext context, IncidentRef incident, NoticeFollowUp notices)
    {
        OfficerNotified notified = await context.CallActivityAsync<OfficerNotified>(nameof(NotifyEsafetyOfficer), incident, Retries);
        notices.Follow(notified.Notices);
        return notified.OfficersNotified;
    }

    static Task<PlanRecorded> RecordPlanAsync(TaskOrchestrationContext context, string incidentId, ResponseTimings timings) =>
        context.CallActivityAsync<PlanRecorded>(nameof(RecordResponsePlan), new PlanRequest(incidentId, timings.AcknowledgementWindow), Retries);

    /// <summary>
    /// An emailed report waits for the officer's triage: a reminder after an hour, the senior manager told after four
    /// working hours. Whether it was triaged by then; if not, the workflow goes on in hourly generations.
    /// </summary>
    static async Task<bool> TriageWithinTheDeadlinesAsync(TaskOrchestrationContext context, string incidentId, ResponseTimings timings, PlanRecorded untriaged, NoticeFollowUp notices)
    {
        DateTime started = context.CurrentUtcDateTime;
        bool triaged = await WaitForTriageAsync(context, started + timings.TriageReminderAfter)
            || !await ChaseTriageAsync(context, notices, new TriageChase(incidentId, TriageChaseStage.ReminderToOfficer));
        if (!triaged)
        {
            DateTime escalateAt = timings.TriageEscalationAfter is { } after ? started + after
                : (untriaged.TriageEscalationDueAt ?? context.CurrentUtcDateTime).UtcDateTime;
            triaged = await WaitForTriageAsync(context, escalateAt)
                || !await ChaseTriageAsync(context, notices, new TriageChase(incidentId, TriageChaseStage.EscalatedToSeniorManager));
        }

        return triaged;
    }

    /// <summary>
    /// After the senior manager was told, the incident is looked at hourly (so a triage whose event was lost still gets
    /// its plan) and the event waited for in between. Each look is a new generation of the instance (ContinueAsNew), so
    /// a report left untriaged for weeks keeps the history of one look, not of every look; the generation carries what
    /// it must (the officers notified, the notices being retried).
    /// </summary>
    static async Task ContinueTriageWaitAsync(TaskOrchestrationContext context, IncidentResponseInput input, int officersNotified, NoticeFollowUp notices)
    {
        NoticeBacklog? retrying = await notices.HandOverAsync();
        context.ContinueAsNew(input with { Triage = new TriageWait(officersNotified), Notices = retrying }, preserveUnprocessedEvents: true);
    }

    /// <returns>Whether the report still awaits triage.</returns>
    static async Task<bool> ChaseTriageAsync(TaskOrchestrationContext context, NoticeFollowUp notices, TriageChase chase)
    {
        TriageChased chased = await context.CallActivityAsync<TriageChased>(nameof(ChaseTriage), chase, Retries);
        notices.Follow(chased.Notices);
        return chased.AwaitingTriage;
    }

    /// <summary>
    /// Publishes the notice and waits for its acknowledgement until the deadline. When the deadline passes the
    /// escalation is marked overdue, the officer and senior manager are told and the notice goes again, up to the
    /// configured number of notices; after that the workflow keeps waiting, since the acknowledgement may still come.
    /// </summary>
    internal static async Task<bool> ChaseEscalationAsync(TaskOrchestrationContext context, NoticeFollowUp notices, string incidentId, string agencyId, PlannedEscalation escalation, ResponseTimings timings)
    {
        WorkflowEvent<string> acknowledged = EscalationAcknowledgements.Acknowledged(escalation.EscalationId);
        DateTimeOffset due = escalation.DueAt;
        for (int attempt = 1; attempt <= timings.MaxNotices; attempt++)
        {
            EscalationAttempt current = new(incidentId, agencyId, escalation with { DueAt = due }, attempt, timings.AcknowledgementWindow, attempt == timings.MaxNotices);
            await context.CallActivityAsync<bool>(nameof(PublishEscalation), current, Retries);
            if (await context.ArrivesBeforeAsync(acknowledged, due.UtcDateTime))
            {
                return true;
            }

            OverdueMarked overdue = await context.CallActivityAsync<OverdueMarked>(nameof(MarkEscalationOverdue), current, Retries);
            notices.Follow(overdue.Notices);
            if (overdue.AlreadyAcknowledged)
            {
                return true; // Acknowledged, but the event was lost: the record is what counts.
            }

            due = overdue.NextDueAt;
        }

        await context.WaitForEventAsync(acknowledged);
        return true;
    }

    /// <summary>The senior manager's post-incident review: a task, a reminder before it is due, the board told when it is overdue.</summary>
    internal static async Task<bool> SeePostIncidentReviewThroughAsync(TaskOrchestrationContext context, NoticeFollowUp notices, string incidentId, ResponseTimings timings)
    {
        PostIncidentReviewOpened review = await context.CallActivityAsync<PostIncidentReviewOpened>(
            nameof(OpenPostIncidentReview), new PostIncidentReviewRequest(incidentId, timings.PostIncidentReviewDueAfter, timings.PostIncidentReviewReminderBefore), Retries);
        notices.Follow(review.Notices);
        if (review.AlreadyCompleted)
        {
            return true;
        }

        if (await context.ArrivesBeforeAsync(PostIncidentReviewCompleted, review.RemindAt.UtcDateTime))
        {
            return true;
        }

        if (!await ChaseReviewAsync(PostIncidentReviewChaseStage.Reminder)
            || await context.ArrivesBeforeAsync(PostIncidentReviewCompleted, review.DueAt.UtcDateTime)
            || !await ChaseReviewAsync(PostIncidentReviewChaseStage.OverdueToBoard))
        {
            return true;
        }

        await context.WaitForEventAsync(PostIncidentReviewCompleted);
        return true;

        async Task<bool> ChaseReviewAsync(PostIncidentReviewChaseStage stage)
        {
            PostIncidentReviewChased chased = await context.CallActivityAsync<PostIncidentReviewChased>(
                nameof(ChasePostIncidentReview), new PostIncidentReviewChase(incidentId, stage), Retries);
            notices.Follow(chased.Notices);
            return chased.StillOpen;
        }
    }

    static Task<bool> WaitForTriageAsync(TaskOrchestrationContext context, DateTime deadline) => context.ArrivesBeforeAsync(Triaged, deadline);
}

/// <param name="Timings">Overrides (tests, and the local runtime's settings); null uses <see cref="ResponseTimings.Default"/>.</param>
/// <param name="Triage">Set when the instance continued as new while an emailed report waits for triage.</param>
/// <param name="Notices">The notices still being retried when the instance continued as new.</param>
public sealed record IncidentResponseInput(string IncidentId, ResponseTimings? Timings = null, TriageWait? Triage = null, NoticeBacklog? Notices = null);

/// <summary>What a generation waiting for triage carries over (the officer and senior manager were told already).</summary>
public sealed record TriageWait(int OfficersNotified);

/// <param name="TriageReminderAfter">When the officer is reminded of an untriaged emailed report.</param>
/// <param name="TriageEscalationAfter">When the senior manager is told; null means four working hours (UK).</param>
/// <param name="AcknowledgementWindow">Every escalation's deadline; null means an hour for police, CEOP and IWF, a working day for LADO and First Response.</param>
/// <param name="MaxNotices">How many notices go to a target that does not acknowledge, the first included.</param>
/// <param name="PostIncidentReviewDueAfter">When the post-incident review is due; null means ten working days.</param>
/// <param name="PostIncidentReviewReminderBefore">How long before that the reminder goes; null means three working days.</param>
/// <param name="TriageRecheck">How often the incident is looked at while it waits for triage after the senior manager was told.</param>
/// <param name="NoticeRetryFirst">The first wait before a notice the mail server did not take is sent again; null means a minute.</param>
/// <param name="NoticeRetryLongest">The longest wait between two tries (each wait doubles); null means 30 minutes.</param>
/// <param name="NoticeRetryFor">How long notices are retried before the officer gets a task and the senior manager is told instead; null means four hours.</param>
public sealed record ResponseTimings(
    TimeSpan TriageReminderAfter,
    TimeSpan? TriageEscalationAfter,
    TimeSpan? AcknowledgementWindow = null,
    int MaxNotices = 3,
    TimeSpan? PostIncidentReviewDueAfter = null,
    TimeSpan? PostIncidentReviewReminderBefore = null,
    TimeSpan? TriageRecheck = null,
    TimeSpan? NoticeRetryFirst = null,
    TimeSpan? NoticeRetryLongest = null,
    TimeSpan? NoticeRetryFor = null)
{
    /// <summary>How often an untriaged report is looked at after the senior manager was told (an hour by default).</summary>
    public TimeSpan TriageRecheckEvery => this.TriageRecheck ?? TimeSpan.FromHours(1);

    /// <summary>How long undelivered notices are retried before someone is alerted another way (four hours by default).</summary>
    public TimeSpan NoticeRetryWindow => this.NoticeRetryFor ?? TimeSpan.FromHours(4);

    /// <summary>The wait before the <paramref name="attempt"/>th retry of undelivered notices: a minute, doubling, at most 30 minutes.</summary>
    public TimeSpan NoticeRetryDelay(int attempt)
    {
        TimeSpan first = this.NoticeRetryFirst ?? TimeSpan.FromMinutes(1);
        TimeSpan longest = this.NoticeRetryLongest ?? TimeSpan.FromMinutes(30);
        double factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 20));
        return TimeSpan.FromTicks((long)Math.Min(longest.Ticks, first.Ticks * factor));
    }

    public static ResponseTimings Default { get; } = new(TimeSpan.FromHours(1), null);
}

public sealed record IncidentResponseOutcome(string IncidentId, int OfficersNotified, ResponseRoute Route, bool Serious, IReadOnlyList<EscalationTarget> Escalations, int Acknowledged);

/// <param name="AcknowledgementWindow">Tests shrink the deadlines; null applies <see cref="EscalationDeadlines.DueAt"/>.</param>
public sealed record PlanRequest(string IncidentId, TimeSpan? AcknowledgementWindow = null);

/// <param name="FourWorkingHoursLater">When an untriaged emailed report goes to the senior manager (England's working hours).</param>
/// <param name="Notices">The incident's notices after this step: some may wait for the mail server.</param>
public sealed record OfficerNotified(int OfficersNotified, bool AwaitingTriage, DateTimeOffset FourWorkingHoursLater, NoticeReport? Notices = null);

public sealed record TriageChase(string IncidentId, TriageChaseStage Stage);

/// <param name="AwaitingTriage">Whether the report still awaits triage (false once triaged, even if the workflow missed the event).</param>
public sealed record TriageChased(bool AwaitingTriage, NoticeReport? Notices = null);

public enum TriageChaseStage
{
    ReminderToOfficer,
    EscalatedToSeniorManager,

    /// <summary>Only looks whether the report has been triaged; tells nobody.</summary>
    CheckOnly,
}

/// <param name="AwaitingTriage">No plan yet: an emailed report the officer has not triaged (the flowchart's questions are unanswered).</param>
/// <param name="TriageEscalationDueAt">For such a report: four working hours after it came, when the senior manager is told.</param>
public sealed record PlanRecorded(
    string AgencyId, ResponseRoute Route, bool Serious, IReadOnlyList<PlannedEscalation> Escalations, bool AwaitingTriage = false, DateTimeOffset? TriageEscalationDueAt = null);

public static class IncidentResponseStatus
{
    public const string NotifyingOfficer = "notifying-officer";
    public const string AwaitingTriage = "awaiting-triage";
    public const string TriageEscalated = "triage-escalated";
    public const string Escalating = "escalating";
    public const string Completed = "completed";
}
