using EsafetyServerless.Workflows.Escalation;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Tasks;
using Microsoft.DurableTask;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Workflows.Response;

/// <summary>
/// Runs the flowchart on the incident's concerns and records the plan on the incident: the route, whether it is
/// serious, and one escalation per target with its acknowledgement deadline — an hour for the police, CEOP and the
/// IWF, one working day for the LADO and the First Response Team. An emailed report the officer has not triaged yet has
/// no answers to plan from: nothing is recorded, and the result says so (with when the senior manager is to be told).
/// </summary>
public sealed class RecordResponsePlan(IIncidentStore incidents, ITaskStore tasks, TimeProvider timeProvider) : TaskActivity<PlanRequest, PlanRecorded>
{
    public override async Task<PlanRecorded> RunAsync(TaskActivityContext context, PlanRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        DateTimeOffset now = timeProvider.GetUtcNow();
        Incident current = await incidents.FindAsync(input.IncidentId, CancellationToken.None)
            ?? throw new InvalidOperationException("The incident does not exist: " + input.IncidentId);
        if (current.Plan is null && current.Status == IncidentStatus.AwaitingTriage)
        {
            // Counted here, not in the orchestrator: a new holiday list must not move a timer on replay.
            return new PlanRecorded(current.AgencyId, ResponseRoute.Internal, false, [], AwaitingTriage: true,
                TriageEscalationDueAt: new WorkingCalendar().AddWorkingHours(current.SubmittedAt > now ? now : current.SubmittedAt, TimeSpan.FromHours(4)));
        }

        Incident updated = await incidents.UpdateAsync(input.IncidentId, incident =>
        {
            if (incident.Plan is not null)
            {
                return incident; // A retried activity records the plan once.
            }

            ResponsePlan plan = Flowchart.Plan(incident.Report.Concerns ?? Concerns.None);
            List<EscalationRecord> escalations = plan.Escalations
                .Select(target => new EscalationRecord(
                    $"{incident.IncidentId}-{WireNames.Of(target)}", target, EscalationState.Queued, input.AcknowledgementWindow is { } window ? now + window : EscalationDeadlines.DueAt(target, now)))
                .ToList();
            string summary = plan.Escalations.Count == 0
                ? $"Response plan: {RouteWord(plan.Route)} route, no referral outside the agency"
                : $"Response plan: {RouteWord(plan.Route)} route; refer to {string.Join(", ", plan.Escalations.Select(TargetNames.Describe))}";
            return incident with
            {
                Plan = new RecordedPlan(plan.Route, plan.Serious, escalations, plan.SecureEvidence, plan.TellHumanResources, now),
                Actions = [.. incident.Actions, new IncidentAction(summary, IncidentAction.SystemActor, now)],
            };
        }, CancellationToken.None);

        RecordedPlan recorded = updated.Plan!;
        if (recorded.SecureEvidence)
        {
            await tasks.OpenAsync(SecureEvidenceTask(updated, recorded.RecordedAt), CancellationToken.None);
        }

        return new PlanRecorded(
            updated.AgencyId, recorded.Route, recorded.Serious,
            recorded.Escalations.Select(e => new PlannedEscalation(e.EscalationId, e.Target, e.DueAt)).ToList());
    }

    /// <summary>ACPO principle 1: the technician isolates the device and changes nothing, and records who secured what and when.</summary>
    internal static WorkTask SecureEvidenceTask(Incident incident, DateTimeOffset now) => new(
        TaskId: Evidence.MarkEvidenceSecured.TaskIdFor(incident.IncidentId),
        AgencyId: incident.AgencyId,
        Kind: WorkTaskKind.SecureEvidence,
        SubjectId: incident.IncidentId,
        Title: $"Secure the evidence for incident {incident.Reference}",
        Instructions: "Isolate the device or account at once and change nothing on it: do not open, copy, forward or delete anything. " +
            "Record on the incident's evidence register what you secured, where it is kept, the seal number, and when you secured it.",
        AssigneeRole: Role.Technician,
        AssigneePersonId: null,
        OpenedAt: now,
        DueAt: now.AddHours(1),
        Link: "/incidents/" + incident.IncidentId + "/evidence");

    /// <summary>The route as the record says it ("police route", "LADO route").</summary>
    static string RouteWord(ResponseRoute route) => route switch
    {
        ResponseRoute.Police => "police",
        ResponseRoute.Lado => "LADO",
        ResponseRoute.FirstResponse => "First Response",
        _ => "internal",
    };
}
