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
}
