using EsafetyServerless.Http;
using EsafetyServerless.Http.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace EsafetyServerless.Functions;

/// <summary>The evidence endpoints' triggers (see <see cref="EndpointCatalog"/>).</summary>
public sealed partial class HttpFunctions
{
    [Function(nameof(EndpointCatalog.UploadEvidenceFile))]
    public Task<IResult> UploadEvidenceFile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.EvidenceFiles)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.UploadEvidenceFile, request, durable, context);

    [Function(nameof(EndpointCatalog.RecordHeldEvidence))]
    public Task<IResult> RecordHeldEvidence(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.EvidenceItems)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.RecordHeldEvidence, request, durable, context);

    [Function(nameof(EndpointCatalog.ListEvidence))]
    public Task<IResult> ListEvidence(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Evidence)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.ListEvidence, request, durable, context);

    [Function(nameof(EndpointCatalog.VerifyEvidence))]
    public Task<IResult> VerifyEvidence(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.EvidenceVerification)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.VerifyEvidence, request, durable, context);

    [Function(nameof(EndpointCatalog.EvidenceCustody))]
    public Task<IResult> EvidenceCustody(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.EvidenceCustody)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.EvidenceCustody, request, durable, context);

    [Function(nameof(EndpointCatalog.DownloadEvidenceFile))]
    public Task<IResult> DownloadEvidenceFile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.EvidenceFileContent)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.DownloadEvidenceFile, request, durable, context);

    [Function(nameof(EndpointCatalog.RecordDeviceReview))]
    public Task<IResult> RecordDeviceReview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.EvidenceReviews)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.RecordDeviceReview, request, durable, context);

    [Function(nameof(EndpointCatalog.PlaceEvidenceHold))]
    public Task<IResult> PlaceEvidenceHold(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.EvidenceHold)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.PlaceEvidenceHold, request, durable, context);

    [Function(nameof(EndpointCatalog.ReleaseEvidenceHold))]
    public Task<IResult> ReleaseEvidenceHold(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.EvidenceHoldRelease)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.ReleaseEvidenceHold, request, durable, context);

    [Function(nameof(EndpointCatalog.RequestDisclosure))]
    public Task<IResult> RequestDisclosure(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Disclosures)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.RequestDisclosure, request, durable, context);

    [Function(nameof(EndpointCatalog.ListDisclosures))]
    public Task<IResult> ListDisclosures(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Disclosures)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.ListDisclosures, request, durable, context);

    [Function(nameof(EndpointCatalog.DecideDisclosure))]
    public Task<IResult> DecideDisclosure(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.DisclosureDecision)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.DecideDisclosure, request, durable, context);

    [Function(nameof(EndpointCatalog.DownloadDisclosurePackage))]
    public Task<IResult> DownloadDisclosurePackage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.DisclosurePackageDownload)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.DownloadDisclosurePackage, request, durable, context);

    [Function(nameof(EndpointCatalog.ListRetentionDue))]
    public Task<IResult> ListRetentionDue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.RetentionDue)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.ListRetentionDue, request, durable, context);

    [Function(nameof(EndpointCatalog.PurgeIncident))]
    public Task<IResult> PurgeIncident(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.RetentionPurge)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.PurgeIncident, request, durable, context);

    [Function(nameof(EndpointCatalog.EvidencePage))]
    public Task<IResult> EvidencePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.EvidencePage)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.EvidencePage, request, durable, context);

    [Function(nameof(EndpointCatalog.EvidencePageForm))]
    public Task<IResult> EvidencePageForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.EvidencePage)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.EvidencePageForm, request, durable, context);

    [Function(nameof(EndpointCatalog.RetentionPage))]
    public Task<IResult> RetentionPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.RetentionPage)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.RetentionPage, request, durable, context);

    [Function(nameof(EndpointCatalog.RetentionPurgeForm))]
    public Task<IResult> RetentionPurgeForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.RetentionPurgeForm)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.RetentionPurgeForm, request, durable, context);
}
