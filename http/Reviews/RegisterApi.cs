using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Registers;
using EsafetyServerless.Workflows.Reviews;
using EsafetyServerless.Workflows.Tasks;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Reviews;

/// <summary>An item as the API shows it, with the links to act on it.</summary>
public sealed record RegisterItemView(RegisterItem Item, RegisterItemLinks Links)
{
    public static RegisterItemView From(RegisterItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        string self = "/api/agencies/" + item.AgencyId + "/registers/" + item.ItemId;
        return new RegisterItemView(item, new RegisterItemLinks(self, self + "/reviews", RegisterPaths.Item(item)));
    }
}

public sealed record RegisterItemLinks(string Self, string Reviews, string Page);

/// <summary>Reads a body into a draft record (<see cref="JsonBody.ReadAsync{T}"/>), or the field errors to answer with.</summary>
static class RegisterJson
{
    public static async Task<(T? Draft, Failure? Problem)> ReadAsync<T>(EndpointRequest request)
        where T : class
    {
        FieldErrors errors = new();
        T? draft = await JsonBody.ReadAsync<T>(request.Request, errors);
        return draft is null || errors.Any ? (null, Outcome.Invalid(errors)) : (draft, null);
    }
}

/// <summary><c>GET /api/agencies/{agencyId}/registers</c>: every register item of the agency.</summary>
[Endpoint("GET", "api/agencies/{agencyId}/registers", RegisterPermissions.Readers)]
public sealed class ListRegisterItemsEndpoint(ListRegisterItems listItems) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<AgencyRegisters> listed = await listItems.ExecuteAsync(request.SignedIn, request.RouteValue("agencyId"), view: null, request.Aborted);
        return ApiResults.From(listed, registers => ApiResults.Json(new { items = registers.Items.Select(RegisterItemView.From) }));
    }
}

/// <summary>
/// <c>POST /api/agencies/{agencyId}/registers</c>: records a register item. A new technology flags every AUP for review
/// and, when children can use it without a risk assessment, opens the officer's risk-assessment task.
/// </summary>
[Endpoint("POST", "api/agencies/{agencyId}/registers", RegisterPermissions.Readers)]
public sealed class CreateRegisterItemEndpoint(CreateRegisterItem createItem) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        (RegisterItemDraft? draft, Failure? problem) = await RegisterJson.ReadAsync<RegisterItemDraft>(request);
        if (problem is not null)
        {
            return ApiResults.Problem(problem);
        }

        Outcome<RegisterItem> created = await createItem.ExecuteAsync(request.SignedIn, request.RouteValue("agencyId"), draft!, request.Aborted);
        return ApiResults.From(created, item => ApiResults.Json(RegisterItemView.From(item), StatusCodes.Status201Created));
    }
}

/// <summary><c>GET /api/agencies/{agencyId}/registers/{itemId}</c>.</summary>
[Endpoint("GET", "api/agencies/{agencyId}/registers/{itemId}", RegisterPermissions.Readers)]
public sealed class GetRegisterItemEndpoint(ReadRegisterItem readItem) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<RegisterItemCase> read = await readItem.ExecuteAsync(request.SignedIn, request.RouteValue("agencyId"), request.RouteValue("itemId"), view: null, request.Aborted);
        return ApiResults.From(read, found => ApiResults.Json(RegisterItemView.From(found.Item)));
    }
}

/// <summary><c>PUT /api/agencies/{agencyId}/registers/{itemId}</c>: replaces the item's facts; its kind and review history stay.</summary>
[Endpoint("PUT", "api/agencies/{agencyId}/registers/{itemId}", RegisterPermissions.Readers)]
public sealed class UpdateRegisterItemEndpoint(UpdateRegisterItem updateItem) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        (RegisterItemDraft? draft, Failure? problem) = await RegisterJson.ReadAsync<RegisterItemDraft>(request);
        if (problem is not null)
        {
            return ApiResults.Problem(problem);
        }

        Outcome<RegisterItem> updated = await updateItem.ExecuteAsync(request.SignedIn, request.RouteValue("agencyId"), request.RouteValue("itemId"), draft!, request.Aborted);
        return ApiResults.From(updated, item => ApiResults.Json(RegisterItemView.From(item)));
    }
}

/// <summary>
/// <c>POST /api/agencies/{agencyId}/registers/{itemId}/signatures</c>: records who signed the AUP's current version, when,
/// and whether a carer signed. The officer records anyone's signature; staff sign the staff AUP for themselves.
/// </summary>
[Endpoint("POST", "api/agencies/{agencyId}/registers/{itemId}/signatures", RegisterPermissions.Members)]
public sealed class SignAupEndpoint(SignAup signAup) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        (SignatureDraft? draft, Failure? problem) = await RegisterJson.ReadAsync<SignatureDraft>(request);
        if (problem is not null)
        {
            return ApiResults.Problem(problem);
        }

        Outcome<AupSignature> signed = await signAup.ExecuteAsync(request.SignedIn, request.RouteValue("agencyId"), request.RouteValue("itemId"), draft!, request.Aborted);
        return ApiResults.From(signed, signature => ApiResults.Json(signature, StatusCodes.Status201Created));
    }
}

/// <summary><c>GET /api/agencies/{agencyId}/registers/{itemId}/signatures</c>: who signed which version, newest first.</summary>
[Endpoint("GET", "api/agencies/{agencyId}/registers/{itemId}/signatures", RegisterPermissions.Keepers)]
public sealed class ListAupSignaturesEndpoint(ListAupSignatures listSignatures) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<IReadOnlyList<AupSignature>> listed = await listSignatures.ExecuteAsync(request.SignedIn, request.RouteValue("agencyId"), request.RouteValue("itemId"), request.Aborted);
        return ApiResults.From(listed, signatures => ApiResults.Json(new { items = signatures }));
    }
}

/// <summary><c>PUT /api/agencies/{agencyId}/registers/{itemId}/document</c>: the AUP version's document (PDF, Word or OpenDocument, up to 10 MB).</summary>
[Endpoint("PUT", "api/agencies/{agencyId}/registers/{itemId}/document", RegisterPermissions.Keepers)]
public sealed class UploadAupDocumentEndpoint(UploadAupDocument uploadDocument) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        AupDocumentUpload document = new(request.Request.ContentType?.Split(';')[0].Trim() ?? string.Empty, request.Request.ContentLength, request.Request.Body);
        Outcome<RegisterItem> uploaded = await uploadDocument.ExecuteAsync(request.SignedIn, request.RouteValue("agencyId"), request.RouteValue("itemId"), document, request.Aborted);
        return uploaded.Failure switch
        {
            { } failure when failure == UploadAupDocument.NotADocument => Problems.Create(StatusCodes.Status415UnsupportedMediaType, failure.Title, failure.Detail),
            { } failure when failure == UploadAupDocument.TooLarge => Problems.Create(StatusCodes.Status413PayloadTooLarge, failure.Title, failure.Detail),
            _ => ApiResults.From(uploaded, item => ApiResults.Json(RegisterItemView.From(item))),
        };
    }
}

/// <summary>
/// <c>POST /api/agencies/{agencyId}/registers/{itemId}/reviews</c>: records a completed review (issues, actions with who is
/// responsible, stakeholders consulted, date); the next review is due 12 months on and the cycle's workflow ends.
/// The item's owner role, the senior manager or the person the review was delegated to may record it.
/// </summary>
[Endpoint("POST", "api/agencies/{agencyId}/registers/{itemId}/reviews", RegisterPermissions.Members)]
public sealed class CompleteRegisterReviewEndpoint(CompleteRegisterReview completeReview) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        (ReviewDraft? draft, Failure? problem) = await RegisterJson.ReadAsync<ReviewDraft>(request);
        if (problem is not null)
        {
            return ApiResults.Problem(problem);
        }

        Outcome<RegisterItem> reviewed = await completeReview.ExecuteAsync(request.SignedIn, request.RouteValue("agencyId"), request.RouteValue("itemId"), draft!, request.Aborted);
        return ApiResults.From(reviewed, item => ApiResults.Json(RegisterItemView.From(item), StatusCodes.Status201Created));
    }
}

/// <summary><c>POST /api/agencies/{agencyId}/registers/{itemId}/delegation</c>: hands the open review to another person, recorded on the task.</summary>
[Endpoint("POST", "api/agencies/{agencyId}/registers/{itemId}/delegation", RegisterPermissions.Members)]
public sealed class DelegateRegisterReviewEndpoint(DelegateRegisterReview delegateReview) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        (DelegationDraft? draft, Failure? problem) = await RegisterJson.ReadAsync<DelegationDraft>(request);
        if (problem is not null)
        {
            return ApiResults.Problem(problem);
        }

        Outcome<WorkTask> delegated = await delegateReview.ExecuteAsync(request.SignedIn, request.RouteValue("agencyId"), request.RouteValue("itemId"), draft!, request.Aborted);
        return ApiResults.From(delegated, task => ApiResults.Json(task));
    }
}
