using EsafetyServerless.Http;
using EsafetyServerless.Http.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace EsafetyServerless.Functions;

/// <summary>The response workflow's triggers: tasks, escalations, acknowledgements (see <see cref="EndpointCatalog"/>).</summary>
public sealed partial class HttpFunctions
{
    [Function(nameof(EndpointCatalog.ListTasks))]
    public Task<IResult> ListTasks(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Tasks)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.ListTasks, request, durable, context);

    [Function(nameof(EndpointCatalog.MyTasksPage))]
    public Task<IResult> MyTasksPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.TasksPage)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.MyTasksPage, request, durable, context);

    [Function(nameof(EndpointCatalog.AcknowledgeEscalation))]
    public Task<IResult> AcknowledgeEscalation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.EscalationAcknowledgement)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.AcknowledgeEscalation, request, durable, context);

    [Function(nameof(EndpointCatalog.AcknowledgeEscalationForm))]
    public Task<IResult> AcknowledgeEscalationForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.EscalationAcknowledgementForm)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.AcknowledgeEscalationForm, request, durable, context);

    [Function(nameof(EndpointCatalog.ReferralPage))]
    public Task<IResult> ReferralPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Referral)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.ReferralPage, request, durable, context);

    [Function(nameof(EndpointCatalog.AcknowledgeReferral))]
    public Task<IResult> AcknowledgeReferral(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Referral)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.AcknowledgeReferral, request, durable, context);

    [Function(nameof(EndpointCatalog.CompletePolicyReview))]
    public Task<IResult> CompletePolicyReview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.PolicyReview)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.CompletePolicyReview, request, durable, context);

    [Function(nameof(EndpointCatalog.DelegatePolicyReview))]
    public Task<IResult> DelegatePolicyReview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.PolicyReviewDelegation)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.DelegatePolicyReview, request, durable, context);

    [Function(nameof(EndpointCatalog.PolicyReviewPage))]
    public Task<IResult> PolicyReviewPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.PolicyReviewPage)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.PolicyReviewPage, request, durable, context);

    [Function(nameof(EndpointCatalog.CompletePolicyReviewForm))]
    public Task<IResult> CompletePolicyReviewForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.PolicyReviewPage)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.CompletePolicyReviewForm, request, durable, context);

    [Function(nameof(EndpointCatalog.DelegatePolicyReviewForm))]
    public Task<IResult> DelegatePolicyReviewForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.PolicyReviewDelegationForm)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.DelegatePolicyReviewForm, request, durable, context);

    [Function(nameof(EndpointCatalog.ListTargetChannels))]
    public Task<IResult> ListTargetChannels(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.TargetChannels)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.ListTargetChannels, request, durable, context);

    [Function(nameof(EndpointCatalog.SaveTargetChannel))]
    public Task<IResult> SaveTargetChannel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes.TargetChannel)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.SaveTargetChannel, request, durable, context);

    [Function(nameof(EndpointCatalog.TriageForm))]
    public Task<IResult> TriageForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.TriageForm)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.TriageForm, request, durable, context);

    [Function(nameof(EndpointCatalog.RecordActionForm))]
    public Task<IResult> RecordActionForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.ActionForm)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.RecordActionForm, request, durable, context);

    [Function(nameof(EndpointCatalog.RecordConclusionForm))]
    public Task<IResult> RecordConclusionForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.ConclusionForm)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.RecordConclusionForm, request, durable, context);

    [Function(nameof(EndpointCatalog.TargetChannelsPage))]
    public Task<IResult> TargetChannelsPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.TargetChannelsPage)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.TargetChannelsPage, request, durable, context);

    [Function(nameof(EndpointCatalog.SaveTargetChannelForm))]
    public Task<IResult> SaveTargetChannelForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.TargetChannelForm)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.SaveTargetChannelForm, request, durable, context);
}
