using EsafetyServerless.Workflows.Escalation;
using EsafetyServerless.Workflows.Platform.Orchestration;
using Microsoft.DurableTask;
using EsafetyServerless.Workflows.Incidents;

namespace EsafetyServerless.Workflows.Response;

/// <summary>
/// The incident-response workflow, one instance per incident (instance id = incident id):
/// 1. the agency's e-safety officer is told at once (docs/domain.md, "Deadlines");
/// 2. an emailed report waits for the officer's triage — a reminder after an hour, the senior manager told after four
///    working hours — because an email cannot answer the flowchart's questions;
/// 3. the flowchart's plan (route, seriousness, escalations with their deadlines) is recorded on the incident;
/// 4. each escalation is chased until acknowledged and, after a serious incident, the post-incident review until done.
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

        context.SetCustomStatus(IncidentResponseStatus.NotifyingOfficer);
        OfficerNotified notified = await context.CallActivityAsync<OfficerNotified>(nameof(NotifyEsafetyOfficer), incident, Retries);

        if (notified.AwaitingTriage)
        {
            context.SetCustomStatus(IncidentResponseStatus.AwaitingTriage);
            DateTime started = context.CurrentUtcDateTime;
            bool triaged = await WaitForTriageAsync(context, started + timings.TriageReminderAfter);
            if (!triaged)
            {
                triaged = !await context.CallActivityAsync<bool>(nameof(ChaseTriage), new TriageChase(input.IncidentId, TriageChaseStage.ReminderToOfficer), Retries);
            }

            if (!triaged)
            {
                DateTime escalateAt = timings.TriageEscalationAfter is { } after ? started + after : notified.FourWorkingHoursLater.UtcDateTime;
                triaged = await WaitForTriageAsync(context, escalateAt)
                    || !await context.CallActivityAsync<bool>(nameof(ChaseTriage), new TriageChase(input.IncidentId, TriageChaseStage.EscalatedToSeniorManager), Retries);
            }

            if (!triaged)
            {
                context.SetCustomStatus(IncidentResponseStatus.TriageEscalated);
            }

            // The event is the fast path; the hourly look at the incident makes sure a triage whose event was lost
            // (the request failed after saving) still gets its plan.
            while (!triaged)
            {
                triaged = await WaitForTriageAsync(context, context.CurrentUtcDateTime + timings.TriageRecheckEvery)
                    || !await context.CallActivityAsync<bool>(nameof(ChaseTriage), new TriageChase(input.IncidentId, TriageChaseStage.CheckOnly), Retries);
            }
        }

        PlanRecorded plan = await context.CallActivityAsync<PlanRecorded>(
            nameof(RecordResponsePlan), new PlanRequest(input.IncidentId, timings.AcknowledgementWindow), Retries);
        if (plan.Serious)
        {
            // A serious incident's evidence goes on legal hold at once; only the senior manager can release it.
            await context.CallActivityAsync<bool>(nameof(Evidence.PlaceLegalHold), incident, Retries);
        }

        await context.CallActivityAsync<DateTimeOffset>(nameof(Evidence.ScheduleRetention), incident, Retries);
        context.SetCustomStatus(IncidentResponseStatus.Escalating);

        // Every escalation is chased on its own deadline, alongside the senior manager's policy review.
        List<Task<bool>> work = [.. plan.Escalations.Select(e => ChaseEscalationAsync(context, input.IncidentId, plan.AgencyId, e, timings))];
        if (plan.Serious)
        {
            work.Add(SeePostIncidentReviewThroughAsync(context, input.IncidentId, timings));
        }

        bool[] done = await Task.WhenAll(work);
        context.SetCustomStatus(IncidentResponseStatus.Completed);
        return new IncidentResponseOutcome(
            input.IncidentId, notified.OfficersNotified, plan.Route, plan.Serious, plan.Escalations.Select(e => e.Target).ToList(),
            done.Take(plan.Escalations.Count).Count(acknowledged => acknowledged));
    }

    /// <summary>
    /// Publishes the notice and waits for its acknowledgement until the deadline. When the deadline passes the
    /// escalation is marked overdue, the officer and senior manager are told and the notice goes again, up to the
    /// configured number of notices; after that the workflow keeps waiting, since the acknowledgement may still come.
    /// </summary>
    static async Task<bool> ChaseEscalationAsync(TaskOrchestrationContext context, string incidentId, string agencyId, PlannedEscalation escalation, ResponseTimings timings)
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
    static async Task<bool> SeePostIncidentReviewThroughAsync(TaskOrchestrationContext context, string incidentId, ResponseTimings timings)
    {
        PostIncidentReviewOpened review = await context.CallActivityAsync<PostIncidentReviewOpened>(
            nameof(OpenPostIncidentReview), new PostIncidentReviewRequest(incidentId, timings.PostIncidentReviewDueAfter, timings.PostIncidentReviewReminderBefore), Retries);
        if (review.AlreadyCompleted)
        {
            return true;
        }

        if (await context.ArrivesBeforeAsync(PostIncidentReviewCompleted, review.RemindAt.UtcDateTime))
        {
            return true;
        }

        if (!await context.CallActivityAsync<bool>(nameof(ChasePostIncidentReview), new PostIncidentReviewChase(incidentId, PostIncidentReviewChaseStage.Reminder), Retries)
            || await context.ArrivesBeforeAsync(PostIncidentReviewCompleted, review.DueAt.UtcDateTime)
            || !await context.CallActivityAsync<bool>(nameof(ChasePostIncidentReview), new PostIncidentReviewChase(incidentId, PostIncidentReviewChaseStage.OverdueToBoard), Retries))
        {
            return true;
        }

        await context.WaitForEventAsync(PostIncidentReviewCompleted);
        return true;
    }

    static Task<bool> WaitForTriageAsync(TaskOrchestrationContext context, DateTime deadline) => context.ArrivesBeforeAsync(Triaged, deadline);
}

/// <param name="Timings">Overrides for tests; production uses <see cref="ResponseTimings.Default"/>.</param>
public sealed record IncidentResponseInput(string IncidentId, ResponseTimings? Timings = null);

/// <param name="TriageReminderAfter">When the officer is reminded of an untriaged emailed report.</param>
/// <param name="TriageEscalationAfter">When the senior manager is told; null means four working hours (UK).</param>
/// <param name="AcknowledgementWindow">Every escalation's deadline; null means an hour for police, CEOP and IWF, a working day for LADO and First Response.</param>
/// <param name="MaxNotices">How many notices go to a target that does not acknowledge, the first included.</param>
/// <param name="PostIncidentReviewDueAfter">When the post-incident review is due; null means ten working days.</param>
/// <param name="PostIncidentReviewReminderBefore">How long before that the reminder goes; null means three working days.</param>
/// <param name="TriageRecheck">How often the incident is looked at while it waits for triage after the senior manager was told.</param>
public sealed record ResponseTimings(
    TimeSpan TriageReminderAfter,
    TimeSpan? TriageEscalationAfter,
    TimeSpan? AcknowledgementWindow = null,
    int MaxNotices = 3,
    TimeSpan? PostIncidentReviewDueAfter = null,
    TimeSpan? PostIncidentReviewReminderBefore = null,
    TimeSpan? TriageRecheck = null)
{
    /// <summary>How often an untriaged report is looked at after the senior manager was told (an hour by default).</summary>
    public TimeSpan TriageRecheckEvery => this.TriageRecheck ?? TimeSpan.FromHours(1);

    public static ResponseTimings Default { get; } = new(TimeSpan.FromHours(1), null);
}

public sealed record IncidentResponseOutcome(string IncidentId, int OfficersNotified, ResponseRoute Route, bool Serious, IReadOnlyList<EscalationTarget> Escalations, int Acknowledged);

/// <param name="AcknowledgementWindow">Tests shrink the deadlines; null applies <see cref="EscalationDeadlines.DueAt"/>.</param>
public sealed record PlanRequest(string IncidentId, TimeSpan? AcknowledgementWindow = null);

/// <param name="FourWorkingHoursLater">When an untriaged emailed report goes to the senior manager (England's working hours).</param>
public sealed record OfficerNotified(int OfficersNotified, bool AwaitingTriage, DateTimeOffset FourWorkingHoursLater);

public sealed record TriageChase(string IncidentId, TriageChaseStage Stage);

public enum TriageChaseStage
{
    ReminderToOfficer,
    EscalatedToSeniorManager,

    /// <summary>Only looks whether the report has been triaged; tells nobody.</summary>
    CheckOnly,
}

public sealed record PlanRecorded(string AgencyId, ResponseRoute Route, bool Serious, IReadOnlyList<PlannedEscalation> Escalations);

public static class IncidentResponseStatus
{
    public const string NotifyingOfficer = "notifying-officer";
    public const string AwaitingTriage = "awaiting-triage";
    public const string TriageEscalated = "triage-escalated";
    public const string Escalating = "escalating";
    public const string Completed = "completed";
}
