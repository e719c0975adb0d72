using EsafetyServerless.Workflows.Escalation;
using EsafetyServerless.Workflows.Response;
using Microsoft.Azure.Functions.Worker;

namespace EsafetyServerless.Functions;

/// <summary>The response workflow's escalation and policy-review activities as triggers (names = class names).</summary>
public sealed class ResponseWorkflowFunctions(
    PublishEscalation publishEscalation,
    MarkEscalationOverdue markEscalationOverdue,
    OpenPostIncidentReview openPostIncidentReview,
    ChasePostIncidentReview chasePostIncidentReview)
{
    [Function(nameof(PublishEscalation))]
    public Task<bool> RunPublishEscalation([ActivityTrigger] EscalationAttempt input, FunctionContext context) =>
        publishEscalation.RunAsync(FunctionActivityContext.From(nameof(PublishEscalation), context), input);

    [Function(nameof(MarkEscalationOverdue))]
    public Task<OverdueMarked> RunMarkEscalationOverdue([ActivityTrigger] EscalationAttempt input, FunctionContext context) =>
        markEscalationOverdue.RunAsync(FunctionActivityContext.From(nameof(MarkEscalationOverdue), context), input);

    [Function(nameof(OpenPostIncidentReview))]
    public Task<PostIncidentReviewOpened> RunOpenPostIncidentReview([ActivityTrigger] PostIncidentReviewRequest input, FunctionContext context) =>
        openPostIncidentReview.RunAsync(FunctionActivityContext.From(nameof(OpenPostIncidentReview), context), input);

    [Function(nameof(ChasePostIncidentReview))]
    public Task<bool> RunChasePostIncidentReview([ActivityTrigger] PostIncidentReviewChase input, FunctionContext context) =>
        chasePostIncidentReview.RunAsync(FunctionActivityContext.From(nameof(ChasePostIncidentReview), context), input);
}
