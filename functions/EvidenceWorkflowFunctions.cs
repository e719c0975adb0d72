using EsafetyServerless.Workflows.Evidence;
using EsafetyServerless.Workflows.Response;
using Microsoft.Azure.Functions.Worker;
using EsafetyServerless.Workflows.Incidents;

namespace EsafetyServerless.Functions;

/// <summary>The evidence activities of <see cref="Workflows.WorkflowCatalog"/> (function name = class name).</summary>
public sealed class EvidenceWorkflowFunctions(PlaceLegalHold placeLegalHold, ScheduleRetention scheduleRetention)
{
    [Function(nameof(PlaceLegalHold))]
    public Task<bool> RunPlaceLegalHold([ActivityTrigger] IncidentRef input, FunctionContext context) =>
        placeLegalHold.RunAsync(FunctionActivityContext.From(nameof(PlaceLegalHold), context), input);

    [Function(nameof(ScheduleRetention))]
    public Task<DateTimeOffset> RunScheduleRetention([ActivityTrigger] IncidentRef input, FunctionContext context) =>
        scheduleRetention.RunAsync(FunctionActivityContext.From(nameof(ScheduleRetention), context), input);
}
