using EsafetyServerless.Workflows.Evidence;
using EsafetyServerless.Workflows.Response;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using EsafetyServerless.Workflows.Incidents;

namespace EsafetyServerless.Functions;

/// <summary>The evidence orchestrator and activities of <see cref="Workflows.WorkflowCatalog"/> (function name = class name).</summary>
public sealed class EvidenceWorkflowFunctions(PlaceLegalHold placeLegalHold, ScheduleRetention scheduleRetention, BuildDisclosurePackage buildDisclosurePackage)
{
    [Function(nameof(PrepareDisclosurePackage))]
    public static Task<bool> RunPrepareDisclosurePackage([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new PrepareDisclosurePackage().RunAsync(context, context.GetInput<DisclosurePackaging>()!);

    [Function(nameof(BuildDisclosurePackage))]
    public Task<bool> RunBuildDisclosurePackage([ActivityTrigger] DisclosurePackaging input, FunctionContext context) =>
        buildDisclosurePackage.RunAsync(FunctionActivityContext.From(nameof(BuildDisclosurePackage), context), input);

    [Function(nameof(PlaceLegalHold))]
    public Task<bool> RunPlaceLegalHold([ActivityTrigger] IncidentRef input, FunctionContext context) =>
        placeLegalHold.RunAsync(FunctionActivityContext.From(nameof(PlaceLegalHold), context), input);

    [Function(nameof(ScheduleRetention))]
    public Task<DateTimeOffset> RunScheduleRetention([ActivityTrigger] IncidentRef input, FunctionContext context) =>
        scheduleRetention.RunAsync(FunctionActivityContext.From(nameof(ScheduleRetention), context), input);
}
