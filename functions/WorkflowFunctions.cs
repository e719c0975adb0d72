using EsafetyServerless.Workflows.Platform.SelfTest;
using EsafetyServerless.Workflows.Response;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using EsafetyServerless.Workflows.Incidents;

namespace EsafetyServerless.Functions;

/// <summary>
/// The orchestrators and activities of <see cref="Workflows.WorkflowCatalog"/>, exposed as thin triggers whose
/// function names are the class names, so the durable engine schedules them by the same names in both hosts.
/// </summary>
public sealed class WorkflowFunctions(
    RecordSelfTestStep recordSelfTestStep, NotifyEsafetyOfficer notifyEsafetyOfficer, ChaseTriage chaseTriage, RecordResponsePlan recordResponsePlan)
{
    [Function(nameof(PlatformSelfTest))]
    public static Task<SelfTestOutcome> RunPlatformSelfTest([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new PlatformSelfTest().RunAsync(context, context.GetInput<SelfTestInput>()!);

    [Function(nameof(RecordSelfTestStep))]
    public Task<SelfTestStepRecorded> RunRecordSelfTestStep([ActivityTrigger] SelfTestStep input, FunctionContext context) =>
        recordSelfTestStep.RunAsync(FunctionActivityContext.From(nameof(RecordSelfTestStep), context), input);

    [Function(nameof(IncidentResponse))]
    public static Task<IncidentResponseOutcome> RunIncidentResponse([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new IncidentResponse().RunAsync(context, context.GetInput<IncidentResponseInput>()!);

    [Function(nameof(NotifyEsafetyOfficer))]
    public Task<OfficerNotified> RunNotifyEsafetyOfficer([ActivityTrigger] IncidentRef input, FunctionContext context) =>
        notifyEsafetyOfficer.RunAsync(FunctionActivityContext.From(nameof(NotifyEsafetyOfficer), context), input);

    [Function(nameof(ChaseTriage))]
    public Task<TriageChased> RunChaseTriage([ActivityTrigger] TriageChase input, FunctionContext context) =>
        chaseTriage.RunAsync(FunctionActivityContext.From(nameof(ChaseTriage), context), input);

    [Function(nameof(RecordResponsePlan))]
    public Task<PlanRecorded> RunRecordResponsePlan([ActivityTrigger] PlanRequest input, FunctionContext context) =>
        recordResponsePlan.RunAsync(FunctionActivityContext.From(nameof(RecordResponsePlan), context), input);
}
