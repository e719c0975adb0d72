using EsafetyServerless.Http;
using EsafetyServerless.Http.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace EsafetyServerless.Functions;

/// <summary>The review cycle's, registers' and compliance triggers (see <see cref="EndpointCatalog"/>).</summary>
public sealed partial class HttpFunctions
{
    [Function(nameof(EndpointCatalog.ListRegisterItems))]
    public Task<IResult> ListRegisterItems(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.RegisterItems)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.ListRegisterItems, request, durable, context);

    [Function(nameof(EndpointCatalog.CreateRegisterItem))]
    public Task<IResult> CreateRegisterItem(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.RegisterItems)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.CreateRegisterItem, request, durable, context);

    [Function(nameof(EndpointCatalog.GetRegisterItem))]
    public Task<IResult> GetRegisterItem(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.RegisterItem)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.GetRegisterItem, request, durable, context);

    [Function(nameof(EndpointCatalog.UpdateRegisterItem))]
    public Task<IResult> UpdateRegisterItem(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes.RegisterItem)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.UpdateRegisterItem, request, durable, context);

    [Function(nameof(EndpointCatalog.ListAupSignatures))]
    public Task<IResult> ListAupSignatures(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AupSignatures)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.ListAupSignatures, request, durable, context);

    [Function(nameof(EndpointCatalog.SignAup))]
    public Task<IResult> SignAup(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.AupSignatures)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.SignAup, request, durable, context);

    [Function(nameof(EndpointCatalog.UploadAupDocument))]
    public Task<IResult> UploadAupDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes.AupDocument)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.UploadAupDocument, request, durable, context);

    [Function(nameof(EndpointCatalog.CompleteRegisterReview))]
    public Task<IResult> CompleteRegisterReview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.RegisterReviews)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.CompleteRegisterReview, request, durable, context);

    [Function(nameof(EndpointCatalog.DelegateRegisterReview))]
    public Task<IResult> DelegateRegisterReview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.RegisterReviewDelegation)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.DelegateRegisterReview, request, durable, context);

    [Function(nameof(EndpointCatalog.GetAgencyCompliance))]
    public Task<IResult> GetAgencyCompliance(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AgencyCompliance)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.GetAgencyCompliance, request, durable, context);

    [Function(nameof(EndpointCatalog.GetBoardCompliance))]
    public Task<IResult> GetBoardCompliance(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.BoardCompliance)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.GetBoardCompliance, request, durable, context);

    [Function(nameof(EndpointCatalog.ExportBoardCompliance))]
    public Task<IResult> ExportBoardCompliance(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.BoardComplianceCsv)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.ExportBoardCompliance, request, durable, context);

    [Function(nameof(EndpointCatalog.RegistersPage))]
    public Task<IResult> RegistersPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.RegistersPage)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.RegistersPage, request, durable, context);

    [Function(nameof(EndpointCatalog.RegisterItemPage))]
    public Task<IResult> RegisterItemPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.RegisterItemPage)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.RegisterItemPage, request, durable, context);

    [Function(nameof(EndpointCatalog.SubmitRegisterReviewForm))]
    public Task<IResult> SubmitRegisterReviewForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.RegisterReviewForm)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.SubmitRegisterReviewForm, request, durable, context);

    [Function(nameof(EndpointCatalog.SubmitRegisterDelegationForm))]
    public Task<IResult> SubmitRegisterDelegationForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.RegisterDelegationForm)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.SubmitRegisterDelegationForm, request, durable, context);

    [Function(nameof(EndpointCatalog.AgencyCompliancePage))]
    public Task<IResult> AgencyCompliancePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AgencyCompliancePage)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.AgencyCompliancePage, request, durable, context);

    [Function(nameof(EndpointCatalog.BoardCompliancePage))]
    public Task<IResult> BoardCompliancePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.BoardCompliancePage)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.BoardCompliancePage, request, durable, context);

    [Function(nameof(EndpointCatalog.AddRegisterItemPage))]
    public Task<IResult> AddRegisterItemPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AddRegisterItemPage)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.AddRegisterItemPage, request, durable, context);

    [Function(nameof(EndpointCatalog.SubmitRegisterItemForm))]
    public Task<IResult> SubmitRegisterItemForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.AddRegisterItemPage)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.SubmitRegisterItemForm, request, durable, context);

    [Function(nameof(EndpointCatalog.SubmitAupSignatureForm))]
    public Task<IResult> SubmitAupSignatureForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.AupSignatureForm)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.SubmitAupSignatureForm, request, durable, context);
}
