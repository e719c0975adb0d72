using EsafetyServerless.Workflows.Escalation;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Notifications;
using EsafetyServerless.Workflows.Response;
using Microsoft.Azure.Functions.Worker;

namespace EsafetyServerless.Functions;

/// <summary>The response workflow's escalation, policy-review and notice activities as triggers (names = class names).</summary>
public sealed class ResponseWorkflowFunctions(
    PublishEscalation publishEscalation,
    MarkEscalationOverdue markEscalationOverdue,
    OpenPostIncidentReview openPostIncidentReview,
    ChasePostIncidentReview chasePostIncidentReview,
    DeliverNotices deliverNotices,
    AlertUndeliveredNotices alertUndeliveredNotices,
    WithdrawReferrals withdrawReferrals)
{
    [Function(nameof(CorrectedResponse))]
    public static Task<int> RunCorrectedResponse([OrchestrationTrigger] Microsoft.DurableTask.TaskOrchestrationContext context) =>
        new CorrectedResponse().RunAsync(context, context.GetInput<CorrectedResponseInput>()!);

    [Function(nameof(WithdrawReferrals))]
    public Task<NoticeReport> RunWithdrawReferrals([ActivityTrigger] ReferralWithdrawal input, FunctionContext context) =>
        withdrawReferrals.RunAsync(FunctionActivityContext.From(nameof(WithdrawReferrals), context), input);

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
    public Task<PostIncidentReviewChased> RunChasePostIncidentReview([ActivityTrigger] PostIncidentReviewChase input, FunctionContext context) =>
        chasePostIncidentReview.RunAsync(FunctionActivityContext.From(nameof(ChasePostIncidentReview), context), input);

    [Function(nameof(DeliverNotices))]
    public Task<NoticeReport> RunDeliverNotices([ActivityTrigger] IncidentRef input, FunctionContext context) =>
        deliverNotices.RunAsync(FunctionActivityContext.From(nameof(DeliverNotices), context), input);

    [Function(nameof(AlertUndeliveredNotices))]
    public Task<NoticeReport> RunAlertUndeliveredNotices([ActivityTrigger] UndeliveredNoticesAlert input, FunctionContext context) =>
        alertUndeliveredNotices.RunAsync(FunctionActivityContext.From(nameof(AlertUndeliveredNotices), context), input);
}
