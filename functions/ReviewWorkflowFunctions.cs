using EsafetyServerless.Workflows.Reviews;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace EsafetyServerless.Functions;

/// <summary>The review cycle's orchestrator and activities (see <see cref="Workflows.WorkflowCatalog"/>), named after their classes.</summary>
public sealed class ReviewWorkflowFunctions(OpenReviewTask openReviewTask, ChaseReview chaseReview, ForgetReviewCycleStart forgetReviewCycleStart)
{
    [Function(nameof(RegisterReview))]
    public static Task<RegisterReviewOutcome> RunRegisterReview([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new RegisterReview().RunAsync(context, context.GetInput<RegisterReviewInput>()!);

    [Function(nameof(OpenReviewTask))]
    public Task<ReviewTaskOpened> RunOpenReviewTask([ActivityTrigger] ReviewStep input, FunctionContext context) =>
        openReviewTask.RunAsync(FunctionActivityContext.From(nameof(OpenReviewTask), context), input);

    [Function(nameof(ChaseReview))]
    public Task<int> RunChaseReview([ActivityTrigger] ReviewStep input, FunctionContext context) =>
        chaseReview.RunAsync(FunctionActivityContext.From(nameof(ChaseReview), context), input);

    [Function(nameof(ForgetReviewCycleStart))]
    public Task<bool> RunForgetReviewCycleStart([ActivityTrigger] RegisterReviewInput input, FunctionContext context) =>
        forgetReviewCycleStart.RunAsync(FunctionActivityContext.From(nameof(ForgetReviewCycleStart), context), input);
}
