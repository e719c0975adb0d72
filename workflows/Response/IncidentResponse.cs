using Microsoft.DurableTask;

namespace EsafetyServerless.Workflows.Response;

/// <summary>
/// The incident-response workflow, one instance per incident (instance id = incident id):
/// 1. the agency's e-safety officer is told at once (DOMAIN.md §4, "immediately");
/// 2. an emailed report waits for the officer's triage — a reminder after an hour, the senior manager told after four
///    working hours — because an email cannot answer the flowchart's questions;
/// 3. the flowchart's plan (route, seriousness, escalations with their deadlines) is recorded on the incident.
/// Inputs, outputs and status carry ids and states only; names and descriptions stay in the incident log.
/// </summary>
public sealed class IncidentResponse : TaskOrchestrator<IncidentResponseInput, IncidentResponseOutcome>
{
    /// <summary>Raised by <c>POST /api/incidents/{id}/triage</c> once the officer has answered the flowchart's questions.</summary>
    public const string TriagedEvent = "Triaged";

    static readonly TaskOptions Retries = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 5, firstRetryInterval: TimeSpan.FromSeconds(5), backoffCoefficient: 2));

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
                await context.CallActivityAsync(nameof(ChaseTriage), new TriageChase(input.IncidentId, TriageChaseStage.ReminderToOfficer), Retries);
                DateTime escalateAt = timings.TriageEscalationAfter is { } after
                    ? started + after
                    : new WorkingCalendar().AddWorkingHours(new DateTimeOffset(started, TimeSpan.Zero), TimeSpan.FromHours(4)).UtcDateTime;
                triaged = await WaitForTriageAsync(context, escalateAt);
            }

            if (!triaged)
            {
                await context.CallActivityAsync(nameof(ChaseTriage), new TriageChase(input.IncidentId, TriageChaseStage.EscalatedToSeniorManager), Retries);
                context.SetCustomStatus(IncidentResponseStatus.TriageEscalated);
                await context.WaitForExternalEvent<bool>(TriagedEvent);
            }
        }

        PlanRecorded plan = await context.CallActivityAsync<PlanRecorded>(nameof(RecordResponsePlan), incident, Retries);
        if (plan.Serious)
        {
            // A serious incident's evidence goes on legal hold at once; only the senior manager can release it.
            await context.CallActivityAsync<bool>(nameof(Evidence.PlaceLegalHold), incident, Retries);
        }

        await context.CallActivityAsync<DateTimeOffset>(nameof(Evidence.ScheduleRetention), incident, Retries);
        context.SetCustomStatus(IncidentResponseStatus.PlanRecorded);
        return new IncidentResponseOutcome(input.IncidentId, notified.OfficersNotified, plan.Route, plan.Serious, plan.Escalations);
    }

    /// <summary>Waits for the triage event until the deadline (a durable timer); cancels whichever loses.</summary>
    static async Task<bool> WaitForTriageAsync(TaskOrchestrationContext context, DateTime deadline)
    {
        using CancellationTokenSource timerCancellation = new();
        using CancellationTokenSource eventCancellation = new();
        Task<bool> triage = context.WaitForExternalEvent<bool>(TriagedEvent, eventCancellation.Token);
        Task timer = context.CreateTimer(deadline, timerCancellation.Token);
        if (await Task.WhenAny(triage, timer) == triage)
        {
            timerCancellation.Cancel();
            return true;
        }

        eventCancellation.Cancel();
        return false;
    }
}

/// <param name="Timings">Overrides for tests; production uses <see cref="ResponseTimings.Default"/>.</param>
public sealed record IncidentResponseInput(string IncidentId, ResponseTimings? Timings = null);

/// <param name="TriageReminderAfter">When the officer is reminded of an untriaged emailed report.</param>
/// <param name="TriageEscalationAfter">When the senior manager is told; null means four working hours (UK).</param>
public sealed record ResponseTimings(TimeSpan TriageReminderAfter, TimeSpan? TriageEscalationAfter)
{
    public static ResponseTimings Default { get; } = new(TimeSpan.FromHours(1), null);
}

public sealed record IncidentResponseOutcome(string IncidentId, int OfficersNotified, ResponseRoute Route, bool Serious, IReadOnlyList<EscalationTarget> Escalations);

public sealed record IncidentRef(string IncidentId);

public sealed record OfficerNotified(int OfficersNotified, bool AwaitingTriage);

public sealed record TriageChase(string IncidentId, TriageChaseStage Stage);

public enum TriageChaseStage
{
    ReminderToOfficer,
    EscalatedToSeniorManager,
}

public sealed record PlanRecorded(ResponseRoute Route, bool Serious, IReadOnlyList<EscalationTarget> Escalations);

public static class IncidentResponseStatus
{
    public const string NotifyingOfficer = "notifying-officer";
    public const string AwaitingTriage = "awaiting-triage";
    public const string TriageEscalated = "triage-escalated";
    public const string PlanRecorded = "plan-recorded";
}
