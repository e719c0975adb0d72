using Microsoft.DurableTask;

namespace EsafetyServerless.Workflows.Response;

/// <summary>
/// The incident-response workflow, one instance per incident (instance id = incident id). Its first step: the
/// agency's e-safety officer is told at once (DOMAIN.md §4, "immediately"). Inputs, outputs and status carry ids
/// and states only; names and descriptions stay in the incident log.
/// </summary>
public sealed class IncidentResponse : TaskOrchestrator<IncidentResponseInput, IncidentResponseOutcome>
{
    static readonly TaskOptions NotifyRetries = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 5, firstRetryInterval: TimeSpan.FromSeconds(5), backoffCoefficient: 2));

    public override async Task<IncidentResponseOutcome> RunAsync(TaskOrchestrationContext context, IncidentResponseInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        context.SetCustomStatus(IncidentResponseStatus.NotifyingOfficer);
        OfficerNotified notified = await context.CallActivityAsync<OfficerNotified>(
            nameof(NotifyEsafetyOfficer), new IncidentRef(input.IncidentId), NotifyRetries);
        context.SetCustomStatus(IncidentResponseStatus.OfficerNotified);
        return new IncidentResponseOutcome(input.IncidentId, notified.OfficersNotified);
    }
}

public sealed record IncidentResponseInput(string IncidentId);

public sealed record IncidentResponseOutcome(string IncidentId, int OfficersNotified);

public sealed record IncidentRef(string IncidentId);

public sealed record OfficerNotified(int OfficersNotified);

public static class IncidentResponseStatus
{
    public const string NotifyingOfficer = "notifying-officer";
    public const string OfficerNotified = "officer-notified";
}
