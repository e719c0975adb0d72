using System.Text.Json;
using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Security;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Registers;
using EsafetyServerless.Workflows.Reviews;
using EsafetyServerless.Workflows.Tasks;
using Microsoft.AspNetCore.Http;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Http.Reviews;

/// <summary>Who may see and change an agency's registers: its own officer, senior manager and (for their registers) technician.</summary>
public static class RegisterAccess
{
    /// <summary>Registers hold AUP signers' names, so board admins see only the compliance view; others only their agency.</summary>
    public static IResult? Denied(Actor actor, string agencyId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.Role == Role.BoardAdmin || !actor.CanActFor(agencyId)
            ? Problems.Forbidden("You can use only your own agency's registers.")
            : null;
    }

    /// <summary>
    /// The item the route names, in the caller's own agency, or the problem to answer: 403 for another agency or the
    /// board admin, 404 for no such item (or, with <paramref name="aupOnly"/>, an item that is not an AUP).
    /// </summary>
    public static async Task<(RegisterItem? Item, IResult? Problem)> FindAsync(IRegisterStore registers, EndpointRequest request, bool aupOnly = false)
    {
        ArgumentNullException.ThrowIfNull(registers);
        ArgumentNullException.ThrowIfNull(request);
        string agencyId = request.RouteValue("agencyId");
        if (Denied(request.SignedIn, agencyId) is { } denied)
        {
            return (null, denied);
        }

        RegisterItem? item = await registers.FindAsync(agencyId, request.RouteValue("itemId"), request.Aborted);
        return item is null || (aupOnly && item.Aup is null)
            ? (null, Problems.NotFound(aupOnly ? "There is no acceptable use policy with that id in this agency." : "There is no register item with that id in this agency."))
            : (item, null);
    }

    public static bool MayWrite(Role role, RegisterKind kind) => role switch
    {
        Role.EsafetyOfficer or Role.SeniorManager => true,
        Role.Technician => kind is RegisterKind.Filtering or RegisterKind.Technology,
        _ => false,
    };

    public static async Task<HashSet<string>> PeopleAsync(IPeopleDirectory directory, string agencyId, CancellationToken cancellationToken) =>
        (await directory.ListPeopleAsync(agencyId, cancellationToken)).Select(p => p.PersonId).ToHashSet(StringComparer.Ordinal);
}

/// <summary>Reads JSON bodies into records with <see cref="ApiJson.Options"/>: unknown fields, wrong types and bad dates become field errors.</summary>
public static class JsonBodies
{
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        (ReadOnlyMemory<byte> body, IResult? problem) = await RequestBodies.ReadJsonAsync(request);
        if (problem is not null)
        {
            return (null, problem);
        }

        try
        {
            T? value = JsonSerializer.Deserialize<T>(body.Span, ApiJson.Options);
            return value is null ? (null, Problems.BadRequest("Send a JSON object.", new Dictionary<string, string[]> { ["body"] = ["Send a JSON object"] })) : (value, null);
        }
        catch (JsonException ex)
        {
            string field = ex.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body";
            return (null, Problems.BadRequest("Some fields need correcting.", new Dictionary<string, string[]> { [field] = ["This value is not valid here (check its type, format and spelling)"] }));
        }
    }
}

/// <summary>An item as the API shows it, with the links to act on it.</summary>
public sealed record RegisterItemView(RegisterItem Item, RegisterItemLinks Links)
{
    public static RegisterItemView From(RegisterItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        string self = "/api/agencies/" + item.AgencyId + "/registers/" + item.ItemId;
        return new RegisterItemView(item, new RegisterItemLinks(self, self + "/reviews", ReviewTexts.Link(item)));
    }
}

public sealed record RegisterItemLinks(string Self, string Reviews, string Page);

/// <summary><c>GET /api/agencies/{agencyId}/registers</c>: every register item of the agency.</summary>
[Endpoint("GET", "api/agencies/{agencyId}/registers", Roles.EsafetyLeads | Roles.Technician)]
public sealed class ListRegisterItemsEndpoint(IRegisterStore registers, AuditRecorder audit) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string agencyId = request.RouteValue("agencyId");
        if (RegisterAccess.Denied(request.SignedIn, agencyId) is { } denied)
        {
            return denied;
        }

        IReadOnlyList<RegisterItem> items = await registers.ListAsync(agencyId, request.Aborted);
        await audit.RecordAsync(request.SignedIn, agencyId, AuditActions.List, "registers");
        return Results.Json(new { items = items.Select(RegisterItemView.From) }, ApiJson.Options);
    }
}

/// <summary>
/// <c>POST /api/agencies/{agencyId}/registers</c>: records a register item. A new technology flags every AUP for review
/// and, when children can use it without a risk assessment, opens the officer's risk-assessment task.
/// </summary>
[Endpoint("POST", "api/agencies/{agencyId}/registers", Roles.EsafetyLeads | Roles.Technician)]
public sealed class CreateRegisterItemEndpoint(IRegisterStore registers, ITaskStore tasks, IPeopleDirectory directory, AuditRecorder audit, TimeProvider timeProvider) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string agencyId = request.RouteValue("agencyId");
        if (RegisterAccess.Denied(request.SignedIn, agencyId) is { } denied)
        {
            return denied;
        }

        (RegisterItemDraft? draft, IResult? problem) = await JsonBodies.ReadAsync<RegisterItemDraft>(request.Request);
        if (problem is not null)
        {
            return problem;
        }

        if (draft!.Kind is { } kind && !RegisterAccess.MayWrite(request.SignedIn.Role, kind))
        {
            return Problems.Forbidden("Your role cannot record this kind of register item.");
        }

        FieldErrors errors = new();
        DateTimeOffset now = timeProvider.GetUtcNow();
        RegisterItem? item = RegisterValidation.ToItem(draft, null, agencyId, request.SignedIn.Person.PersonId, now, await RegisterAccess.PeopleAsync(directory, agencyId, request.Aborted), errors);
        if (item is null)
        {
            return Problems.FieldErrors(errors);
        }

        await registers.CreateAsync(item, request.Aborted);
        await audit.RecordAsync(request.SignedIn, agencyId, AuditActions.Create, item.ItemId, "kind=" + WireNames.Of(item.Kind));
        if (item.Kind == RegisterKind.Technology)
        {
            await NewTechnology.RespondAsync(registers, tasks, item, now, request.Aborted);
        }

        return Results.Json(RegisterItemView.From(item), ApiJson.Options, statusCode: StatusCodes.Status201Created);
    }
}

/// <summary>What a new technology sets off ("sooner in response to new technologies").</summary>
public static class NewTechnology
{
    public static async Task RespondAsync(IRegisterStore registers, ITaskStore tasks, RegisterItem technology, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registers);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(technology);
        DateOnly today = DateOnly.FromDateTime(now.UtcDateTime);
        foreach (RegisterItem aup in (await registers.ListAsync(technology.AgencyId, cancellationToken)).Where(i => i.Kind == RegisterKind.Aup))
        {
            await registers.UpdateAsync(aup.AgencyId, aup.ItemId, a => ReviewCycle.FlagAupForNewTechnology(a, technology.Title, today), cancellationToken);
        }

        if (technology.Technology is { ChildrenCanAccess: true, RiskAssessment: null })
        {
            await tasks.OpenAsync(new WorkTask(
                "ra-" + technology.ItemId, technology.AgencyId, WorkTaskKind.RegisterReview, technology.ItemId,
                "Assess the risks of the new technology \"" + technology.Title + "\"",
                "Children can access this technology: record its risks, mitigations and emerging issues, and who owns the assessment.",
                Role.EsafetyOfficer, null, now, now.AddDays(ReviewCycle.DueSoonDays), ReviewTexts.Link(technology)), cancellationToken);
        }
    }
}

/// <summary><c>GET /api/agencies/{agencyId}/registers/{itemId}</c>.</summary>
[Endpoint("GET", "api/agencies/{agencyId}/registers/{itemId}", Roles.EsafetyLeads | Roles.Technician)]
public sealed class GetRegisterItemEndpoint(IRegisterStore registers, AuditRecorder audit) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string agencyId = request.RouteValue("agencyId");
        (RegisterItem? item, IResult? refused) = await RegisterAccess.FindAsync(registers, request);
        if (item is null)
        {
            return refused!;
        }

        await audit.RecordAsync(request.SignedIn, agencyId, AuditActions.Read, item.ItemId);
        return Results.Json(RegisterItemView.From(item), ApiJson.Options);
    }
}

/// <summary><c>PUT /api/agencies/{agencyId}/registers/{itemId}</c>: replaces the item's facts; its kind and review history stay.</summary>
[Endpoint("PUT", "api/agencies/{agencyId}/registers/{itemId}", Roles.EsafetyLeads | Roles.Technician)]
public sealed class UpdateRegisterItemEndpoint(IRegisterStore registers, IPeopleDirectory directory, AuditRecorder audit, TimeProvider timeProvider) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string agencyId = request.RouteValue("agencyId");
        (RegisterItem? existing, IResult? refused) = await RegisterAccess.FindAsync(registers, request);
        if (existing is null)
        {
            return refused!;
        }

        if (!RegisterAccess.MayWrite(request.SignedIn.Role, existing.Kind))
        {
            return Problems.Forbidden("Your role cannot change this kind of register item.");
        }

        (RegisterItemDraft? draft, IResult? problem) = await JsonBodies.ReadAsync<RegisterItemDraft>(request.Request);
        if (problem is not null)
        {
            return problem;
        }

        FieldErrors errors = new();
        HashSet<string> people = await RegisterAccess.PeopleAsync(directory, agencyId, request.Aborted);
        DateTimeOffset now = timeProvider.GetUtcNow();
        RegisterItem? replacement = RegisterValidation.ToItem(draft, existing, agencyId, request.SignedIn.Person.PersonId, now, people, errors);
        if (replacement is null)
        {
            return Problems.FieldErrors(errors);
        }

        RegisterItem? saved = await registers.UpdateAsync(agencyId, existing.ItemId, current => replacement with { Reviews = current.Reviews }, request.Aborted);
        if (saved is null)
        {
            return Problems.NotFound("There is no register item with that id in this agency.");
        }

        await audit.RecordAsync(request.SignedIn, agencyId, AuditActions.Change, saved.ItemId, "kind=" + WireNames.Of(saved.Kind));
        return Results.Json(RegisterItemView.From(saved), ApiJson.Options);
    }
}

/// <summary>
/// <c>POST /api/agencies/{agencyId}/registers/{itemId}/signatures</c>: records who signed the AUP's current version, when,
/// and whether a carer signed. The officer records anyone's signature; staff sign the staff AUP for themselves.
/// </summary>
[Endpoint("POST", "api/agencies/{agencyId}/registers/{itemId}/signatures", Roles.AgencyMembers)]
public sealed class SignAupEndpoint(IRegisterStore registers, AuditRecorder audit, TimeProvider timeProvider) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string agencyId = request.RouteValue("agencyId");
        (RegisterItem? aup, IResult? refused) = await RegisterAccess.FindAsync(registers, request, aupOnly: true);
        if (aup?.Aup is null)
        {
            return refused!;
        }

        (SignatureDraft? draft, IResult? problem) = await JsonBodies.ReadAsync<SignatureDraft>(request.Request);
        if (problem is not null)
        {
            return problem;
        }

        Actor actor = request.SignedIn;
        if (actor.Role is Role.Staff or Role.Technician)
        {
            if (aup.Aup.Audience != AupAudience.Staff)
            {
                return Problems.Forbidden("Staff sign the staff AUP for themselves; the e-safety officer records other signatures.");
            }

            draft = draft! with { Signer = actor.Person.PersonId, SignedBy = SignedBy.Self, CarerName = null };
        }

        FieldErrors errors = new();
        AupSignature? signature = RegisterValidation.ToSignature(draft, aup, actor.Person.PersonId, timeProvider.GetUtcNow(), errors);
        if (signature is null)
        {
            return Problems.FieldErrors(errors);
        }

        await registers.AddSignatureAsync(signature, request.Aborted);
        await audit.RecordAsync(request.SignedIn, agencyId, AuditActions.Create, aup.ItemId, "signature version=" + signature.Version + " by=" + WireNames.Of(signature.SignedBy));
        return Results.Json(signature, ApiJson.Options, statusCode: StatusCodes.Status201Created);
    }
}

/// <summary><c>GET /api/agencies/{agencyId}/registers/{itemId}/signatures</c>: who signed which version, newest first.</summary>
[Endpoint("GET", "api/agencies/{agencyId}/registers/{itemId}/signatures", Roles.EsafetyLeads)]
public sealed class ListAupSignaturesEndpoint(IRegisterStore registers, AuditRecorder audit) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string agencyId = request.RouteValue("agencyId");
        (RegisterItem? aup, IResult? refused) = await RegisterAccess.FindAsync(registers, request, aupOnly: true);
        if (aup?.Aup is null)
        {
            return refused!;
        }

        IReadOnlyList<AupSignature> signatures = await registers.ListSignaturesAsync(agencyId, aup.ItemId, request.Aborted);
        await audit.RecordAsync(request.SignedIn, agencyId, AuditActions.List, aup.ItemId, "signatures");
        return Results.Json(new { items = signatures }, ApiJson.Options);
    }
}

/// <summary><c>PUT /api/agencies/{agencyId}/registers/{itemId}/document</c>: the AUP version's document (PDF, Word or OpenDocument, up to 10 MB).</summary>
[Endpoint("PUT", "api/agencies/{agencyId}/registers/{itemId}/document", Roles.EsafetyLeads)]
public sealed class UploadAupDocumentEndpoint(IRegisterStore registers, IAupDocuments documents, AuditRecorder audit, TimeProvider timeProvider) : IEndpointHandler
{
    const long MaxBytes = 10 * 1024 * 1024;

    static readonly HashSet<string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.oasis.opendocument.text",
    };

    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string agencyId = request.RouteValue("agencyId");
        if (RegisterAccess.Denied(request.SignedIn, agencyId) is { } denied)
        {
            return denied;
        }

        if (!RegisterAccess.MayWrite(request.SignedIn.Role, RegisterKind.Aup))
        {
            return Problems.Forbidden("Only the e-safety officer and senior manager keep the AUPs.");
        }

        RegisterItem? aup = await registers.FindAsync(agencyId, request.RouteValue("itemId"), request.Aborted);
        if (aup?.Aup is null)
        {
            return Problems.NotFound("There is no acceptable use policy with that id in this agency.");
        }

        string mediaType = request.Request.ContentType?.Split(';')[0].Trim() ?? string.Empty;
        if (!Types.Contains(mediaType))
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Send a document", "Send the AUP as PDF, Word (.docx) or OpenDocument text.");
        }

        if (request.Request.ContentLength is null or 0 or > MaxBytes)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "Send a document of up to 10 MB", "Send the document with its Content-Length, at most 10 MB.");
        }

        string blob = await documents.SaveAsync(agencyId, aup.ItemId, aup.Aup.Version, mediaType, request.Request.Body, request.Aborted);
        RegisterItem? saved = await registers.UpdateAsync(agencyId, aup.ItemId,
            a => a with { Aup = a.Aup! with { DocumentBlob = blob }, UpdatedAt = timeProvider.GetUtcNow(), UpdatedBy = request.SignedIn.Person.PersonId }, request.Aborted);
        await audit.RecordAsync(request.SignedIn, agencyId, AuditActions.Change, aup.ItemId, "document version=" + aup.Aup.Version);
        return Results.Json(RegisterItemView.From(saved!), ApiJson.Options);
    }
}

/// <summary>
/// <c>POST /api/agencies/{agencyId}/registers/{itemId}/reviews</c>: records a completed review (issues, actions with who is
/// responsible, stakeholders consulted, date); the next review is due 12 months on and the cycle's workflow ends.
/// The item's owner role, the senior manager or the person the review was delegated to may record it.
/// </summary>
[Endpoint("POST", "api/agencies/{agencyId}/registers/{itemId}/reviews", Roles.AgencyMembers)]
public sealed class CompleteRegisterReviewEndpoint(IRegisterStore registers, ITaskStore tasks, ReviewCompletionService reviews, AuditRecorder audit) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string agencyId = request.RouteValue("agencyId");
        (RegisterItem? item, IResult? refused) = await RegisterAccess.FindAsync(registers, request);
        if (item is null)
        {
            return refused!;
        }

        if (!await MayReviewAsync(tasks, request.SignedIn, item, request.Aborted))
        {
            return Problems.Forbidden("The item's owner, the senior manager or the person the review was delegated to records it.");
        }

        (ReviewDraft? draft, IResult? problem) = await JsonBodies.ReadAsync<ReviewDraft>(request.Request);
        if (problem is not null)
        {
            return problem;
        }

        draft = draft! with { IssuesIdentified = draft.IssuesIdentified ?? [], Actions = draft.Actions ?? [], StakeholdersConsulted = draft.StakeholdersConsulted ?? [] };
        ReviewChange change = await reviews.CompleteAsync(agencyId, item.ItemId, draft, request.SignedIn.Person, request.Signals, request.Aborted);
        if (change.NotFound)
        {
            return Problems.NotFound("There is no register item with that id in this agency.");
        }

        if (change.Errors.Any)
        {
            return Problems.FieldErrors(change.Errors);
        }

        await audit.RecordAsync(request.SignedIn, agencyId, AuditActions.Change, item.ItemId, "review " + change.Item!.ReviewHistory[^1].ReviewId);
        return Results.Json(RegisterItemView.From(change.Item), ApiJson.Options, statusCode: StatusCodes.Status201Created);
    }

    public static async Task<bool> MayReviewAsync(ITaskStore tasks, Actor actor, RegisterItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(item);
        if (actor.Role == Role.SeniorManager || actor.Role == ReviewCycle.OwnerRole(item.Kind) || (actor.Role == Role.EsafetyOfficer && item.Kind != RegisterKind.Filtering))
        {
            return true;
        }

        return item.NextReviewDue is { } due
            && await tasks.FindAsync(item.AgencyId, ReviewInstances.TaskIdFor(item.ItemId, due), cancellationToken) is { } task
            && task.AssigneePersonId == actor.Person.PersonId;
    }
}

public sealed record DelegationDraft(string? DelegateTo, string? Reason);

/// <summary><c>POST /api/agencies/{agencyId}/registers/{itemId}/delegation</c>: hands the open review to another person, recorded on the task.</summary>
[Endpoint("POST", "api/agencies/{agencyId}/registers/{itemId}/delegation", Roles.AgencyMembers)]
public sealed class DelegateRegisterReviewEndpoint(ReviewCompletionService reviews, AuditRecorder audit) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string agencyId = request.RouteValue("agencyId");
        if (RegisterAccess.Denied(request.SignedIn, agencyId) is { } denied)
        {
            return denied;
        }

        (DelegationDraft? draft, IResult? problem) = await JsonBodies.ReadAsync<DelegationDraft>(request.Request);
        if (problem is not null)
        {
            return problem;
        }

        ReviewChange change = await reviews.DelegateAsync(agencyId, request.RouteValue("itemId"), draft!.DelegateTo ?? string.Empty, draft.Reason, request.SignedIn.Person, request.Aborted);
        if (change.NotFound)
        {
            return Problems.NotFound("There is no register item with a review cycle with that id in this agency.");
        }

        if (change.Forbidden)
        {
            return Problems.Forbidden("The senior manager, or whoever holds the review now, may delegate it.");
        }

        if (change.Errors.Any)
        {
            return Problems.FieldErrors(change.Errors);
        }

        await audit.RecordAsync(request.SignedIn, agencyId, AuditActions.Change, change.Task!.TaskId, "delegated to " + change.Task.AssigneePersonId);
        return Results.Json(change.Task, ApiJson.Options);
    }
}
