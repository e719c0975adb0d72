using EsafetyServerless.Http;
using EsafetyServerless.Http.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace EsafetyServerless.Functions;

/// <summary>
/// One HTTP trigger per <see cref="EndpointCatalog"/> entry, named after it, on the same route. Authentication is
/// App Service Authentication's job (it sets X-MS-CLIENT-PRINCIPAL), so every trigger is anonymous at the host and
/// the shared pipeline authorizes.
/// </summary>
public sealed partial class HttpFunctions(HttpApi api)
{
    [Function(nameof(EndpointCatalog.Health))]
    public Task<IResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Health)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.Health, request, durable, context);

    [Function(nameof(EndpointCatalog.OpenApiDescription))]
    public Task<IResult> OpenApiDescription(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.OpenApi)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.OpenApiDescription, request, durable, context);

    [Function(nameof(EndpointCatalog.Me))]
    public Task<IResult> Me(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Me)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.Me, request, durable, context);

    [Function(nameof(EndpointCatalog.ListAgencies))]
    public Task<IResult> ListAgencies(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Agencies)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.ListAgencies, request, durable, context);

    [Function(nameof(EndpointCatalog.ListAgencyPeople))]
    public Task<IResult> ListAgencyPeople(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AgencyPeople)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.ListAgencyPeople, request, durable, context);

    [Function(nameof(EndpointCatalog.StartSelfTest))]
    public Task<IResult> StartSelfTest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.SelfTests)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.StartSelfTest, request, durable, context);

    [Function(nameof(EndpointCatalog.GetSelfTest))]
    public Task<IResult> GetSelfTest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.SelfTest)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.GetSelfTest, request, durable, context);

    [Function(nameof(EndpointCatalog.ConfirmSelfTest))]
    public Task<IResult> ConfirmSelfTest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.SelfTestConfirmation)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.ConfirmSelfTest, request, durable, context);

    [Function(nameof(EndpointCatalog.ReportIncident))]
    public Task<IResult> ReportIncident(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Incidents)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.ReportIncident, request, durable, context);

    [Function(nameof(EndpointCatalog.GetIncident))]
    public Task<IResult> GetIncident(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Incident)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.GetIncident, request, durable, context);

    [Function(nameof(EndpointCatalog.ListIncidents))]
    public Task<IResult> ListIncidents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Incidents)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.ListIncidents, request, durable, context);

    [Function(nameof(EndpointCatalog.ExportIncidents))]
    public Task<IResult> ExportIncidents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.IncidentsCsv)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.ExportIncidents, request, durable, context);

    [Function(nameof(EndpointCatalog.TriageIncident))]
    public Task<IResult> TriageIncident(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.IncidentTriage)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.TriageIncident, request, durable, context);

    [Function(nameof(EndpointCatalog.RecordAction))]
    public Task<IResult> RecordAction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.IncidentActions)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.RecordAction, request, durable, context);

    [Function(nameof(EndpointCatalog.RecordConclusion))]
    public Task<IResult> RecordConclusion(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.IncidentConclusion)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.RecordConclusion, request, durable, context);

    [Function(nameof(EndpointCatalog.VerifyAuditTrail))]
    public Task<IResult> VerifyAuditTrail(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AuditVerification)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.VerifyAuditTrail, request, durable, context);

    [Function(nameof(EndpointCatalog.HomePage))]
    public Task<IResult> HomePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Home)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.HomePage, request, durable, context);

    [Function(nameof(EndpointCatalog.ReportFormPage))]
    public Task<IResult> ReportFormPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ReportPage)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.ReportFormPage, request, durable, context);

    [Function(nameof(EndpointCatalog.SubmitReportForm))]
    public Task<IResult> SubmitReportForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.ReportPage)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.SubmitReportForm, request, durable, context);

    [Function(nameof(EndpointCatalog.ReportConfirmationPage))]
    public Task<IResult> ReportConfirmationPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ReportConfirmationPage)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.ReportConfirmationPage, request, durable, context);

    [Function(nameof(EndpointCatalog.IncidentLogPage))]
    public Task<IResult> IncidentLogPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.IncidentLogPage)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.IncidentLogPage, request, durable, context);

    [Function(nameof(EndpointCatalog.IncidentPage))]
    public Task<IResult> IncidentPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.IncidentPage)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.IncidentPage, request, durable, context);

    [Function(nameof(EndpointCatalog.ReceiveInboundEmail))]
    public Task<IResult> ReceiveInboundEmail(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.InboundEmail)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.ReceiveInboundEmail, request, durable, context);

    [Function(nameof(EndpointCatalog.ListUnverifiedReports))]
    public Task<IResult> ListUnverifiedReports(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.UnverifiedReports)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.ListUnverifiedReports, request, durable, context);

    [Function(nameof(EndpointCatalog.AcceptUnverifiedReport))]
    public Task<IResult> AcceptUnverifiedReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.UnverifiedReportAcceptance)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.AcceptUnverifiedReport, request, durable, context);

    [Function(nameof(EndpointCatalog.DismissUnverifiedReport))]
    public Task<IResult> DismissUnverifiedReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.UnverifiedReportDismissal)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.DismissUnverifiedReport, request, durable, context);

    [Function(nameof(EndpointCatalog.DecideUnverifiedReportForm))]
    public Task<IResult> DecideUnverifiedReportForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.UnverifiedReportDecisionForm)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.DecideUnverifiedReportForm, request, durable, context);

    [Function(nameof(EndpointCatalog.StaticAsset))]
    public Task<IResult> StaticAsset(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Assets)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.StaticAsset, request, durable, context);

    /// <summary>
    /// Copies the route parameters the Functions host bound into the request's route values, where the shared
    /// handlers read them, then runs the shared pipeline.
    /// </summary>
    Task<IResult> InvokeAsync(EndpointDefinition endpoint, HttpRequest request, DurableTaskClient durable, FunctionContext context)
    {
        foreach (KeyValuePair<string, object?> binding in context.BindingContext.BindingData)
        {
            if (endpoint.Route.Contains("{" + binding.Key + "}", StringComparison.OrdinalIgnoreCase)
                || endpoint.Route.Contains("{*" + binding.Key + "}", StringComparison.OrdinalIgnoreCase))
            {
                request.RouteValues[binding.Key] = binding.Value?.ToString();
            }
        }

        return api.InvokeAsync(endpoint, request.HttpContext, durable);
    }
}
