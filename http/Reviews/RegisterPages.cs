using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Pages;
using EsafetyServerless.Http.Pages.Govuk;
using EsafetyServerless.Workflows.Compliance;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Registers;
using EsafetyServerless.Workflows.Reviews;
using EsafetyServerless.Workflows.Tasks;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Reviews;

/// <summary><c>GET /agencies/{agencyId}/registers</c>: every register of the agency, what is due and what is missing.</summary>
[Endpoint("GET", "agencies/{agencyId}/registers", RegisterPermissions.Readers)]
public sealed class RegistersPageEndpoint(ListRegisterItems listItems, PageRenderer pages, TimeProvider timeProvider) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Actor actor = request.SignedIn;
        Outcome<AgencyRegisters> listed = await listItems.ExecuteAsync(actor, request.RouteValue("agencyId"), "page", request.Aborted);
        if (listed.Failure is { } failure)
        {
            return await pages.FailureAsync(PageContext.For(request), failure);
        }

        AgencyRegisters registers = listed.Value;
        Dictionary<string, string> names = registers.People.ToDictionary(p => p.PersonId, p => p.DisplayName, StringComparer.Ordinal);
        DateTimeOffset now = timeProvider.GetUtcNow();
        List<RegisterSection> sections = RegisterDisplay.Sections.Select(s => new RegisterSection(
            ReviewCycle.Prefix(s.Kind), s.Heading,
            RegisterPermissions.MayWrite(actor, s.Kind) ? RegisterPaths.Add(registers.AgencyId, s.Kind) : null,
            registers.Items.Where(i => i.Kind == s.Kind)
                .Select(i => new RegisterRow(RegisterPaths.Item(i), i.Title, RegisterDisplay.Summary(i, names), i.LastReviewed, i.NextReviewDue, RegisterDisplay.Due(i, now)))
                .ToList())).ToList();
        string? compliance = RegisterPermissions.ToSeeCompliance(actor, registers.AgencyId) is null ? RegisterPaths.Compliance(registers.AgencyId) : null;
        return await pages.RenderAsync<RegistersPage, RegistersPageModel>(PageContext.For(request), new(registers.AgencyId, compliance, sections));
    }
}

/// <summary>
/// <c>GET /agencies/{agencyId}/registers/{itemId}</c>: one item, its review history and signatures, and the forms to record
/// a review or delegate it.
/// </summary>
[Endpoint("GET", "agencies/{agencyId}/registers/{itemId}", RegisterPermissions.Members)]
public sealed class RegisterItemPageEndpoint(RegisterItemPageView view) : IEndpointHandler
{
    public Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return view.ShowAsync(request, null, null, null, request.Request.Query["done"].ToString());
    }
}

/// <summary>
/// Shows the register item page: on its own, or again with one form's errors and what was typed (the review,
/// delegation and signature forms post to their own endpoints).
/// </summary>
public sealed class RegisterItemPageView(ReadRegisterItem readItem, PageRenderer pages)
{
    /// <param name="done">What was just done ("reviewed", "delegated", "signed"), for the success banner.</param>
    public async Task<IResult> ShowAsync(EndpointRequest request, string? activeForm, IFormCollection? form, FieldErrors? errors, string? done = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        Actor actor = request.SignedIn;
        Outcome<RegisterItemCase> read = await readItem.ExecuteAsync(actor, request.RouteValue("agencyId"), request.RouteValue("itemId"), "page", request.Aborted);
        if (read.Failure is { } failure)
        {
            return await pages.FailureAsync(PageContext.For(request), failure);
        }

        RegisterItemCase found = read.Value;
        RegisterItem item = found.Item;
        string? banner = done switch
        {
            null or "" => null,
            "delegated" => "The review was delegated.",
            "signed" => "The signature was recorded.",
            "changed" => "The changes were saved.",
            "document" => "The document was uploaded.",
            "counted" => "The group's signatures were recorded.",
            "reminded" => Reminded(request.Request.Query),
            _ => "The review was recorded. The next one is due " + RegisterDisplay.Date(item.NextReviewDue) + ".",
        };
        FormState state = activeForm is null ? FormState.Empty : FormState.Posted(form, errors, field => RegisterItemPageModel.FieldId(activeForm, field));
        bool keepsAups = RegisterPermissions.KeepsAups(actor, item.AgencyId);
        RegisterItemPageModel model = new(
            found,
            found.People.ToDictionary(p => p.PersonId, p => p.DisplayName, StringComparer.Ordinal),
            RegisterForms.People(found.People.Where(p => RegisterPermissions.MayReceiveDelegation(p, item.AgencyId))),
            banner,
            activeForm,
            state,
            KeepsAups: keepsAups,
            SignsForSelf: !keepsAups && item.Aup?.Audience == AupAudience.Staff,
            MayReview: RegisterPermissions.MayReview(actor, item, found.CycleTask),
            MayDelegate: found.CycleTask is { } task && RegisterPermissions.MayDelegate(task, actor),
            MayChange: RegisterPermissions.ToChange(actor, item) is null);
        return await pages.RenderAsync<RegisterItemPage, RegisterItemPageModel>(PageContext.For(request), model, state.HasErrors ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);
    }

    /// <summary>The reminder banner, from the counts in the query string (numbers only: no text of the request is shown).</summary>
    static string Reminded(IQueryCollection query)
    {
        int Read(string name) => int.TryParse(query[name].ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) ? n : 0;
        (int sent, int already, int pending) = (Read("sent"), Read("already"), Read("pending"));
        string text = sent == 1 ? "1 reminder was emailed." : Display.Count(sent) + " reminders were emailed.";
        if (already > 0)
        {
            text += " " + Display.Count(already) + " had already been reminded today.";
        }

        return pending > 0 ? text + " " + Display.Count(pending) + " could not be sent yet: try again later." : text;
    }

    /// <summary>After a form on the page was saved: back to the page, with what was done.</summary>
    public static IResult Saved(EndpointRequest request, string done)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Results.Redirect(RegisterPaths.Item(request.RouteValue("agencyId"), request.RouteValue("itemId")) + "?done=" + done, permanent: false);
    }

    /// <summary>A form's failure: its errors on the page, or an error page for anything else.</summary>
    public async Task<IResult> FailedAsync(EndpointRequest request, string activeForm, IFormCollection form, Failure failure)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(failure);
        return failure is { Kind: FailureKind.Invalid, Errors: { } errors }
            ? await this.ShowAsync(request, activeForm, form, errors)
            : await pages.FailureAsync(PageContext.For(request), failure);
    }
}

/// <summary><c>POST /agencies/{agencyId}/registers/{itemId}/review</c>: the review form; errors are shown beside the fields.</summary>
[Endpoint("POST", "agencies/{agencyId}/registers/{itemId}/review", RegisterPermissions.Members)]
public sealed class SubmitRegisterReviewFormEndpoint(CompleteRegisterReview completeReview, RegisterItemPageView view) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        IFormCollection form = await FormBody.ReadAsync(request.Request);
        Outcome<RegisterItem> reviewed = await completeReview.ExecuteAsync(
            request.SignedIn, request.RouteValue("agencyId"), request.RouteValue("itemId"), RegisterForms.ReadReview(form), request.Aborted);
        return reviewed.Failure is { } failure
            ? await view.FailedAsync(request, RegisterItemPageModel.ReviewForm, form, failure)
            : RegisterItemPageView.Saved(request, "reviewed");
    }
}

/// <summary><c>POST /agencies/{agencyId}/registers/{itemId}/delegation</c>: the delegation form.</summary>
[Endpoint("POST", "agencies/{agencyId}/registers/{itemId}/delegation", RegisterPermissions.Members)]
public sealed class SubmitRegisterDelegationFormEndpoint(DelegateRegisterReview delegateReview, RegisterItemPageView view) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        IFormCollection form = await FormBody.ReadAsync(request.Request);
        Outcome<WorkTask> delegated = await delegateReview.ExecuteAsync(
            request.SignedIn, request.RouteValue("agencyId"), request.RouteValue("itemId"), RegisterForms.ReadDelegation(form), request.Aborted);

        // An item without a review cycle has nothing to delegate: said on the form (the page itself shows a 404 if the item is gone).
        return delegated.Failure switch
        {
            { Kind: FailureKind.NotFound } => await view.ShowAsync(request, RegisterItemPageModel.DelegationForm, form, FieldErrors.Of("delegateTo", DelegateRegisterReview.NoOpenReview)),
            { } failure => await view.FailedAsync(request, RegisterItemPageModel.DelegationForm, form, failure),
            null => RegisterItemPageView.Saved(request, "delegated"),
        };
    }
}

/// <summary><c>POST /agencies/{agencyId}/registers/{itemId}/signatures</c>: the signature form (staff sign the staff AUP for themselves).</summary>
[Endpoint("POST", "agencies/{agencyId}/registers/{itemId}/signatures", RegisterPermissions.Members)]
public sealed class SubmitAupSignatureFormEndpoint(SignAup signAup, RegisterItemPageView view) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        IFormCollection form = await FormBody.ReadAsync(request.Request);
        Outcome<AupSignature> signed = await signAup.ExecuteAsync(
            request.SignedIn, request.RouteValue("agencyId"), request.RouteValue("itemId"), RegisterForms.ReadSignature(form), request.Aborted);
        return signed.Failure is { } failure
            ? await view.FailedAsync(request, RegisterItemPageModel.SignatureForm, form, failure)
            : RegisterItemPageView.Saved(request, "signed");
    }
}

/// <summary>Shows the "add to the register" form of a kind, empty or again with its errors.</summary>
static class AddRegisterItemForm
{
    public static async Task<IResult> ShowAsync(PageRenderer pages, PrepareRegisterItem prepare, EndpointRequest request, RegisterKind kind, FormState state)
    {
        Outcome<IReadOnlyList<Person>> prepared = await prepare.ExecuteAsync(request.SignedIn, request.RouteValue("agencyId"), kind, request.Aborted);
        return prepared.Failure is { } failure
            ? await pages.FailureAsync(PageContext.For(request), failure)
            : await RenderAsync(pages, request, kind, prepared.Value, state);
    }

    public static Task<IResult> RenderAsync(PageRenderer pages, EndpointRequest request, RegisterKind kind, IReadOnlyList<Person> people, FormState state) =>
        pages.RenderAsync<AddRegisterItemPage, AddRegisterItemPageModel>(
            PageContext.For(request), new(request.RouteValue("agencyId"), kind, RegisterForms.People(people), state), state.HasErrors ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);

    public static Failure NoSuchRegister() => Outcome.NotFound("There is no such register.");
}

/// <summary><c>GET /agencies/{agencyId}/add/{kind}</c>: the form.</summary>
[Endpoint("GET", "agencies/{agencyId}/add/{kind}", RegisterPermissions.Readers)]
public sealed class AddRegisterItemPageEndpoint(PrepareRegisterItem prepare, PageRenderer pages) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RegisterPaths.KindOf(request.RouteValue("kind")) is { } kind
            ? await AddRegisterItemForm.ShowAsync(pages, prepare, request, kind, FormState.Empty)
            : await pages.FailureAsync(PageContext.For(request), AddRegisterItemForm.NoSuchRegister());
    }
}

/// <summary><c>POST /agencies/{agencyId}/add/{kind}</c>: records the item (audited) and shows it, or shows the form again with its errors.</summary>
[Endpoint("POST", "agencies/{agencyId}/add/{kind}", RegisterPermissions.Readers)]
public sealed class SubmitRegisterItemFormEndpoint(CreateRegisterItem createItem, PrepareRegisterItem prepare, PageRenderer pages, TimeProvider timeProvider) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (RegisterPaths.KindOf(request.RouteValue("kind")) is not { } kind)
        {
            return await pages.FailureAsync(PageContext.For(request), AddRegisterItemForm.NoSuchRegister());
        }

        string agencyId = request.RouteValue("agencyId");
        IFormCollection form = await FormBody.ReadAsync(request.Request);
        FieldErrors formErrors = new();
        RegisterItemDraft draft = RegisterForms.ReadItem(form, kind, formErrors);
        if (formErrors.Any)
        {
            // What only the form got wrong (a date it could not read) is shown together with everything the rules
            // find; nothing is recorded until the form is right.
            Outcome<IReadOnlyList<Person>> prepared = await prepare.ExecuteAsync(request.SignedIn, agencyId, kind, request.Aborted);
            if (prepared.Failure is { } refused)
            {
                return await pages.FailureAsync(PageContext.For(request), refused);
            }

            RegisterValidation.ToItem(draft, null, agencyId, request.SignedIn.PersonId, timeProvider.GetUtcNow(),
                prepared.Value.Select(p => p.PersonId).ToHashSet(StringComparer.Ordinal), formErrors);
            return await AddRegisterItemForm.RenderAsync(pages, request, kind, prepared.Value, FormState.Posted(form, formErrors, RegisterForms.AddFormFieldId));
        }

        Outcome<RegisterItem> created = await createItem.ExecuteAsync(request.SignedIn, agencyId, draft, request.Aborted);
        return created.Failure switch
        {
            { Kind: FailureKind.Invalid, Errors: { } errors } => await AddRegisterItemForm.ShowAsync(pages, prepare, request, kind, FormState.Posted(form, errors, RegisterForms.AddFormFieldId)),
            { } failure => await pages.FailureAsync(PageContext.For(request), failure),
            null => Results.Redirect(RegisterPaths.Item(created.Value), permanent: false),
        };
    }
}

/// <summary>
/// <c>GET /agencies/{agencyId}/registers/{itemId}/document</c>: the AUP's current document, for anyone in the agency
/// (staff read what they sign). Always an attachment; reading it is audited.
/// </summary>
[Endpoint("GET", "agencies/{agencyId}/registers/{itemId}/document", RegisterPermissions.Members)]
public sealed class AupDocumentDownloadEndpoint(ReadAupDocument readDocument, PageRenderer pages) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<AupDocumentFile> read = await readDocument.ExecuteAsync(request.SignedIn, request.RouteValue("agencyId"), request.RouteValue("itemId"), request.Aborted);
        if (read.Failure is { } failure)
        {
            return await pages.FailureAsync(PageContext.For(request), failure);
        }

        return ApiResults.Attachment(request.HttpContext, read.Value.Document.Content, read.Value.Document.MediaType, read.Value.FileName);
    }
}

/// <summary>
/// <c>POST /agencies/{agencyId}/registers/{itemId}/document</c>: the item page's upload form for the AUP's document. The
/// type is what the file's first bytes say it is (a PDF, or a Word or OpenDocument file by its name when it is a zip),
/// not what the browser claims; it is read whole (at most 10 MB) because the store wants its length up front.
/// </summary>
[Endpoint("POST", "agencies/{agencyId}/registers/{itemId}/document", RegisterPermissions.Keepers)]
public sealed class AupDocumentUploadFormEndpoint(UploadAupDocument uploadDocument, RegisterItemPageView view) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        MultipartForm<Outcome<RegisterItem>> posted = await MultipartBody.ReadAsync(request.Request, "document", async (fileName, _, content, _) =>
        {
            await using MemoryStream? copy = await MultipartBody.ReadFileAsync(content, UploadAupDocument.MaxBytes, request.Aborted);
            if (copy is null)
            {
                return (Outcome<RegisterItem>)UploadAupDocument.TooLarge;
            }

            AupDocumentUpload document = new(DocumentType(copy.GetBuffer().AsSpan(0, (int)copy.Length), fileName), copy.Length, copy);
            return await uploadDocument.ExecuteAsync(request.SignedIn, request.RouteValue("agencyId"), request.RouteValue("itemId"), document, request.Aborted);
        });
        Failure? failure = posted.File switch
        {
            null => Outcome.Invalid(FieldErrors.Of("document", "Choose the AUP document to upload")),
            { Failure: { } refused } when refused == UploadAupDocument.NotADocument || refused == UploadAupDocument.TooLarge => Outcome.Invalid(FieldErrors.Of("document", refused.Detail)),
            { Failure: var other } => other,
        };
        return failure is null
            ? RegisterItemPageView.Saved(request, "document")
            : await view.FailedAsync(request, RegisterItemPageModel.DocumentForm, new FormCollection(null), failure);
    }

    static string DocumentType(ReadOnlySpan<byte> head, string fileName) =>
        head.StartsWith("%PDF-"u8) ? "application/pdf"
        : !head.StartsWith("PK\u0003\u0004"u8) ? "application/octet-stream"
        : fileName.EndsWith(".docx", StringComparison.OrdinalIgnoreCase) ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        : fileName.EndsWith(".odt", StringComparison.OrdinalIgnoreCase) ? "application/vnd.oasis.opendocument.text"
        : "application/octet-stream";
}

/// <summary>
/// <c>GET /agencies/{agencyId}/registers/{itemId}/edit</c>: the item's form filled with what is recorded, for those who
/// may change it (the compliance page's "Fix" links lead here through the item).
/// </summary>
[Endpoint("GET", "agencies/{agencyId}/registers/{itemId}/edit", RegisterPermissions.Readers)]
public sealed class EditRegisterItemPageEndpoint(ReadRegisterItem readItem, PrepareRegisterItem prepare, PageRenderer pages) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await EditRegisterItemForm.ShowAsync(readItem, prepare, pages, request, posted: null, errors: null);
    }
}

/// <summary><c>POST /agencies/{agencyId}/registers/{itemId}/edit</c>: saves the changed facts (audited), or shows the form again with its errors.</summary>
[Endpoint("POST", "agencies/{agencyId}/registers/{itemId}/edit", RegisterPermissions.Readers)]
public sealed class SubmitEditRegisterItemFormEndpoint(UpdateRegisterItem updateItem, ReadRegisterItem readItem, PrepareRegisterItem prepare, PageRenderer pages) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        IFormCollection form = await FormBody.ReadAsync(request.Request);
        Outcome<RegisterItemCase> read = await readItem.ExecuteAsync(request.SignedIn, request.RouteValue("agencyId"), request.RouteValue("itemId"), "edit form", request.Aborted);
        if (read.Failure is { } failure)
        {
            return await pages.FailureAsync(PageContext.For(request), failure);
        }

        RegisterItem item = read.Value.Item;
        FieldErrors formErrors = new();
        RegisterItemDraft draft = RegisterForms.ReadItem(form, item.Kind, formErrors);
        if (formErrors.Any)
        {
            return await EditRegisterItemForm.ShowAsync(readItem, prepare, pages, request, form, formErrors);
        }

        Outcome<RegisterItem> updated = await updateItem.ExecuteAsync(request.SignedIn, item.AgencyId, item.ItemId, draft, request.Aborted);
        return updated.Failure switch
        {
            { Kind: FailureKind.Invalid, Errors: { } errors } => await EditRegisterItemForm.ShowAsync(readItem, prepare, pages, request, form, errors),
            { } refused => await pages.FailureAsync(PageContext.For(request), refused),
            null => Results.Redirect(RegisterPaths.Item(updated.Value) + "?done=changed", permanent: false),
        };
    }
}

/// <summary>The edit form: the add form of the item's kind, filled from the item or with what was posted and its errors.</summary>
static class EditRegisterItemForm
{
    public static async Task<IResult> ShowAsync(
        ReadRegisterItem readItem, PrepareRegisterItem prepare, PageRenderer pages, EndpointRequest request, IFormCollection? posted, FieldErrors? errors)
    {
        Outcome<RegisterItemCase> read = await readItem.ExecuteAsync(request.SignedIn, request.RouteValue("agencyId"), request.RouteValue("itemId"), "edit form", request.Aborted);
        if (read.Failure is { } failure)
        {
            return await pages.FailureAsync(PageContext.For(request), failure);
        }

        RegisterItem item = read.Value.Item;
        if (RegisterPermissions.ToChange(request.SignedIn, item) is { } refused)
        {
            return await pages.FailureAsync(PageContext.For(request), refused);
        }

        Outcome<IReadOnlyList<Person>> prepared = await prepare.ExecuteAsync(request.SignedIn, item.AgencyId, item.Kind, request.Aborted);
        if (prepared.Failure is { } notAllowed)
        {
            return await pages.FailureAsync(PageContext.For(request), notAllowed);
        }

        FormState state = FormState.Posted(posted ?? RegisterForms.Filled(item, prepared.Value), errors, RegisterForms.AddFormFieldId);
        return await pages.RenderAsync<AddRegisterItemPage, AddRegisterItemPageModel>(
            PageContext.For(request), new(item.AgencyId, item.Kind, RegisterForms.People(prepared.Value), state, item),
            state.HasErrors ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);
    }
}

/// <summary><c>GET /agencies/{agencyId}/compliance</c>: the agency's checks with their evidence and a link to fix each.</summary>
[Endpoint("GET", "agencies/{agencyId}/compliance", RegisterPermissions.ComplianceReaders)]
public sealed class AgencyCompliancePageEndpoint(ReadAgencyCompliance readCompliance, PageRenderer pages) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<AgencyCompliance> read = await readCompliance.ExecuteAsync(request.SignedIn, request.RouteValue("agencyId"), "page", request.Aborted);
        return read.Failure is { } failure
            ? await pages.FailureAsync(PageContext.For(request), failure)
            : await pages.RenderAsync<AgencyCompliancePage, AgencyCompliancePageModel>(
                PageContext.For(request), new(read.Value, MayFix: RegisterPermissions.ToUse(request.SignedIn, read.Value.Agency.AgencyId) is null));
    }
}

/// <summary><c>GET /compliance</c>: the board admin's view, every agency's checks side by side, with the CSV download.</summary>
[Endpoint("GET", "compliance", RegisterPermissions.Board)]
public sealed class BoardCompliancePageEndpoint(ReadBoardCompliance readCompliance, PageRenderer pages) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<IReadOnlyList<AgencyCompliance>> read = await readCompliance.ExecuteAsync(request.SignedIn, "page", request.Aborted);
        return read.Failure is { } failure
            ? await pages.FailureAsync(PageContext.For(request), failure)
            : await pages.RenderAsync<BoardCompliancePage, BoardCompliancePageModel>(PageContext.For(request), new(read.Value));
    }
}
