using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Pages;
using EsafetyServerless.Http.Pages.Govuk;
using EsafetyServerless.Workflows.Compliance;
using EsafetyServerless.Workflows.People;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Platform;

/// <summary>Where the directory's pages are.</summary>
public static class DirectoryPaths
{
    public const string Agencies = "/agencies";

    public const string Onboarding = "/onboarding";

    public static string Settings(string agencyId) => "/agencies/" + Uri.EscapeDataString(agencyId) + "/settings";

    public static string People(string agencyId) => "/agencies/" + Uri.EscapeDataString(agencyId) + "/people";

    public static string AddPerson(string agencyId) => People(agencyId) + "/add";

    public static string EditPerson(string agencyId, string personId) => People(agencyId) + "/" + Uri.EscapeDataString(personId) + "/edit";

    public static string StaffImport(string agencyId) => "/agencies/" + Uri.EscapeDataString(agencyId) + "/staff-import";

    /// <summary>
    /// What a page says after a change, from a fixed code in the query string (never text from the request itself,
    /// so a crafted link cannot put words in a trusted banner).
    /// </summary>
    public static string? Banner(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Request.Query["done"].ToString() switch
        {
            "onboarded" => "The agency, its e-safety officer and its senior manager are in the directory.",
            "created" => "The agency is in the directory.",
            "saved" => "The agency's details are saved.",
            "archived" => "The agency is archived: its records are kept and it takes no new reports.",
            "restored" => "The agency is restored: it takes reports again.",
            "added" => "The person is added. They can sign in with the name you gave.",
            "changed" => "The person's details are saved.",
            "imported" => "The staff list is imported.",
            _ => null,
        };
    }
}

/// <summary><c>GET /agencies</c> (board admin): every member agency, with links to its details, its people and its compliance.</summary>
[Endpoint("GET", "agencies", PlatformPermissions.AgencyListers)]
public sealed class AgenciesPageEndpoint(ListAgencies listAgencies, PageRenderer pages) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<IReadOnlyList<Agency>> listed = await listAgencies.ExecuteAsync(request.SignedIn, request.Aborted);
        return listed.Failure is { } failure
            ? await pages.FailureAsync(PageContext.For(request), failure)
            : await pages.RenderAsync<AgenciesPage, AgenciesPageModel>(PageContext.For(request), new(listed.Value, DirectoryPaths.Banner(request)));
    }
}

public sealed record AgenciesPageModel(IReadOnlyList<Agency> Agencies, string? Banner);

/// <summary><c>GET /onboarding</c> (board admin): the guided form that brings an agency in with its officer and senior manager.</summary>
[Endpoint("GET", "onboarding", Roles.BoardAdmin)]
public sealed class OnboardingPageEndpoint(PageRenderer pages) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PlatformPermissions.ToManageAgencies(request.SignedIn) is { } denied
            ? await pages.FailureAsync(PageContext.For(request), denied)
            : await pages.RenderAsync<OnboardingPage, FormState>(PageContext.For(request), FormState.Empty);
    }
}

/// <summary>
/// <c>POST /onboarding</c> (form: the fields of <c>POST /api/onboarding</c>): nothing is saved unless all of it is
/// valid; then to the agency's page, with the registers it must now keep.
/// </summary>
[Endpoint("POST", "onboarding", Roles.BoardAdmin)]
public sealed class OnboardAgencyFormEndpoint(OnboardAgency onboardAgency, PageRenderer pages) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        IFormCollection form = await FormBody.ReadAsync(request.Request);
        OnboardingDraft draft = new(
            new AgencyDraft(form["name"].ToString(), form["kind"].ToString(), form["intakeAddress"].ToString()),
            form["officerName"].ToString(), form["officerEmail"].ToString(), form["officerHoldsSafeguarding"].ToString(),
            form["managerName"].ToString(), form["managerEmail"].ToString());
        Outcome<Onboarded> onboarded = await onboardAgency.ExecuteAsync(request.SignedIn, draft, request.Aborted);
        return onboarded.Failure switch
        {
            { Kind: FailureKind.Invalid, Errors: { } errors } => await pages.RenderAsync<OnboardingPage, FormState>(
                PageContext.For(request), FormState.Posted(form, errors), StatusCodes.Status400BadRequest),
            { } failure => await pages.FailureAsync(PageContext.For(request), failure),
            null => Results.Redirect(DirectoryPaths.Settings(onboarded.Value.Agency.AgencyId) + "?done=onboarded"),
        };
    }
}

/// <summary>
/// <c>GET /agencies/{agencyId}/settings</c> (board admin): the agency's details to correct, archive or restore, and
/// the registers the standard requires with where each stands (a new agency's are all red until its officer adds them).
/// </summary>
[Endpoint("GET", "agencies/{agencyId}/settings", Roles.BoardAdmin)]
public sealed class AgencySettingsPageEndpoint(ListAgencies listAgencies, ReadAgencyCompliance readCompliance, PageRenderer pages) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await AgencySettingsPageModel.RenderAsync(
            request, listAgencies, readCompliance, pages, form: null, DirectoryPaths.Banner(request), StatusCodes.Status200OK);
    }
}

/// <summary><c>POST /agencies/{agencyId}/settings</c> (form: <c>name</c>, <c>kind</c>, <c>intakeAddress</c>, or <c>archived</c> yes/no alone).</summary>
[Endpoint("POST", "agencies/{agencyId}/settings", Roles.BoardAdmin)]
public sealed class UpdateAgencyFormEndpoint(UpdateAgency updateAgency, ListAgencies listAgencies, ReadAgencyCompliance readCompliance, PageRenderer pages) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string agencyId = request.RouteValue("agencyId");
        IFormCollection form = await FormBody.ReadAsync(request.Request);
        bool? archive = form["archived"].ToString() switch { "yes" => true, "no" => false, _ => null };
        AgencyChanges changes = archive is null
            ? new(form["name"].ToString(), form["kind"].ToString(), form["intakeAddress"].ToString(), null)
            : new(null, null, null, archive);
        Outcome<Agency> updated = await updateAgency.ExecuteAsync(request.SignedIn, agencyId, changes, request.Aborted);
        return updated.Failure switch
        {
            { Kind: FailureKind.Invalid, Errors: { } errors } => await AgencySettingsPageModel.RenderAsync(
                request, listAgencies, readCompliance, pages, FormState.Posted(form, errors), banner: null, StatusCodes.Status400BadRequest),
            { } failure => await pages.FailureAsync(PageContext.For(request), failure),
            null => Results.Redirect(DirectoryPaths.Settings(agencyId) + "?done=" + (archive switch { true => "archived", false => "restored", null => "saved" })),
        };
    }
}

/// <param name="Form">The details form: filled from the agency, or as posted with its errors.</param>
/// <param name="Checks">The agency's compliance checks: the registers it must keep, and where each stands.</param>
public sealed record AgencySettingsPageModel(Agency Agency, FormState Form, IReadOnlyList<ComplianceCheck> Checks, string? Banner)
{
    internal static async Task<IResult> RenderAsync(
        EndpointRequest request, ListAgencies listAgencies, ReadAgencyCompliance readCompliance, PageRenderer pages, FormState? form, string? banner, int status)
    {
        Outcome<IReadOnlyList<Agency>> listed = await listAgencies.ExecuteAsync(request.SignedIn, request.Aborted);
        if (listed.Failure is { } failure)
        {
            return await pages.FailureAsync(PageContext.For(request), failure);
        }

        string agencyId = request.RouteValue("agencyId");
        if (listed.Value.FirstOrDefault(a => a.AgencyId == agencyId) is not { } agency)
        {
            return await pages.FailureAsync(PageContext.For(request), Outcome.NotFound("There is no agency with that id."));
        }

        Outcome<AgencyCompliance> compliance = await readCompliance.ExecuteAsync(request.SignedIn, agencyId, "settings", request.Aborted);
        form ??= FormState.Filled(new Dictionary<string, string?>
        {
            ["name"] = agency.Name,
            ["kind"] = WireNames.Of(agency.Kind),
            ["intakeAddress"] = agency.IntakeAddress,
        });
        return await pages.RenderAsync<AgencySettingsPage, AgencySettingsPageModel>(
            PageContext.For(request), new(agency, form, compliance.Failure is null ? compliance.Value.Checks : [], banner), status);
    }
}

/// <summary>
/// <c>GET /agencies/{agencyId}/people</c> (the agency's e-safety leads, the board admin): who works there, in which
/// roles, who has left; the senior manager and the board admin add, change and import from here.
/// </summary>
[Endpoint("GET", "agencies/{agencyId}/people", PlatformPermissions.PeopleReaders)]
public sealed class PeoplePageEndpoint(ListAgencyPeople listPeople, PageRenderer pages) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string agencyId = request.RouteValue("agencyId");
        Outcome<AgencyPeople> listed = await listPeople.ExecuteAsync(request.SignedIn, agencyId, "page", request.Aborted);
        return listed.Failure is { } failure
            ? await pages.FailureAsync(PageContext.For(request), failure)
            : await pages.RenderAsync<PeoplePage, PeoplePageModel>(PageContext.For(request), new(
                listed.Value, PlatformPermissions.ToManagePeople(request.SignedIn, agencyId) is null, DirectoryPaths.Banner(request)));
    }
}

public sealed record PeoplePageModel(AgencyPeople People, bool MayManage, string? Banner);

/// <summary><c>GET /agencies/{agencyId}/people/add</c> (the senior manager, the board admin): the form for one new person.</summary>
[Endpoint("GET", "agencies/{agencyId}/people/add", PlatformPermissions.PeopleManagers)]
public sealed class AddPersonPageEndpoint(ListAgencyPeople listPeople, PageRenderer pages) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await PersonFormModel.RenderAsync(request, listPeople, pages, personId: null, form: null, StatusCodes.Status200OK);
    }
}

/// <summary><c>POST /agencies/{agencyId}/people/add</c> (form: <c>displayName</c>, <c>signInName</c>, <c>email</c>, <c>objectId</c>, <c>tenantId</c>, <c>roles</c>).</summary>
[Endpoint("POST", "agencies/{agencyId}/people/add", PlatformPermissions.PeopleManagers)]
public sealed class AddPersonFormEndpoint(AddPerson addPerson, ListAgencyPeople listPeople, PageRenderer pages) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string agencyId = request.RouteValue("agencyId");
        IFormCollection form = await FormBody.ReadAsync(request.Request);
        NewPersonDraft draft = new(form["displayName"].ToString(), form["signInName"].ToString(), form["email"].ToString(),
            form["objectId"].ToString(), form["tenantId"].ToString(), FormBody.Values(form, "roles"));
        Outcome<Person> added = await addPerson.ExecuteAsync(request.SignedIn, agencyId, draft, request.Aborted);
        return await PersonFormModel.AfterAsync(request, listPeople, pages, added, form, personId: null, "added");
    }
}

/// <summary><c>GET /agencies/{agencyId}/people/{personId}/edit</c> (the senior manager, the board admin): change a person, or deactivate them when they leave.</summary>
[Endpoint("GET", "agencies/{agencyId}/people/{personId}/edit", PlatformPermissions.PeopleManagers)]
public sealed class EditPersonPageEndpoint(ListAgencyPeople listPeople, PageRenderer pages) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await PersonFormModel.RenderAsync(request, listPeople, pages, request.RouteValue("personId"), form: null, StatusCodes.Status200OK);
    }
}

/// <summary><c>POST /agencies/{agencyId}/people/{personId}/edit</c> (the add form's fields and <c>active</c> yes/no).</summary>
[Endpoint("POST", "agencies/{agencyId}/people/{personId}/edit", PlatformPermissions.PeopleManagers)]
public sealed class EditPersonFormEndpoint(UpdatePerson updatePerson, ListAgencyPeople listPeople, PageRenderer pages) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string personId = request.RouteValue("personId");
        IFormCollection form = await FormBody.ReadAsync(request.Request);
        PersonChanges changes = new(form["displayName"].ToString(), form["signInName"].ToString(), form["email"].ToString(),
            form["objectId"].ToString(), form["tenantId"].ToString(), FormBody.Values(form, "roles"),
            form["active"].ToString() switch { "yes" => true, "no" => false, _ => null });
        Outcome<Person> updated = await updatePerson.ExecuteAsync(request.SignedIn, request.RouteValue("agencyId"), personId, changes, request.Aborted);
        return await PersonFormModel.AfterAsync(request, listPeople, pages, updated, form, personId, "changed");
    }
}

/// <param name="Person">The person being changed; null on the add form.</param>
public sealed record PersonFormModel(AgencyPeople Agency, Person? Person, FormState Form)
{
    public bool IsBoard => this.Agency.AgencyId == Workflows.Platform.Directory.Agency.BoardId;

    public string Action => this.Person is null ? DirectoryPaths.AddPerson(this.Agency.AgencyId) : DirectoryPaths.EditPerson(this.Agency.AgencyId, this.Person.PersonId);

    /// <summary>The roles a person of this agency may hold (the board's people are board admins).</summary>
    public IReadOnlyList<Choice> RoleChoices => (this.IsBoard ? [Role.BoardAdmin] : new[] { Role.Staff, Role.EsafetyOfficer, Role.SeniorManager, Role.Technician })
        .Select(r => new Choice(WireNames.Of(r), Navigation.Describe(r), RoleHint(r))).ToList();

    static string? RoleHint(Role role) => role switch
    {
        Role.EsafetyOfficer => "Triage reports, make referrals, keep the registers; expected to hold safeguarding responsibility",
        Role.SeniorManager => "Oversees e-safety, approves disclosures, manages the agency's people",
        Role.Technician => "Keeps the technology, filtering and monitoring registers",
        _ => null,
    };

    internal static async Task<IResult> AfterAsync(
        EndpointRequest request, ListAgencyPeople listPeople, PageRenderer pages, Outcome<Person> saved, IFormCollection form, string? personId, string done) =>
        saved.Failure switch
        {
            { Kind: FailureKind.Invalid or FailureKind.Conflict } failure => await RenderAsync(
                request, listPeople, pages, personId, FormState.Posted(form, failure.Errors ?? ConflictOnSignIn(failure)), StatusCodes.Status400BadRequest),
            { } failure => await pages.FailureAsync(PageContext.For(request), failure),
            null => Results.Redirect(DirectoryPaths.People(request.RouteValue("agencyId")) + "?done=" + done),
        };

    /// <summary>A conflict (the name or the account is someone else's) shown against the field it concerns.</summary>
    static FieldErrors ConflictOnSignIn(Failure failure)
    {
        FieldErrors errors = new();
        errors.Add(failure.Title == "Account already used" ? "objectId" : "signInName", failure.Detail);
        return errors;
    }

    internal static async Task<IResult> RenderAsync(EndpointRequest request, ListAgencyPeople listPeople, PageRenderer pages, string? personId, FormState? form, int status)
    {
        string agencyId = request.RouteValue("agencyId");
        if (PlatformPermissions.ToManagePeople(request.SignedIn, agencyId) is { } denied)
        {
            return await pages.FailureAsync(PageContext.For(request), denied);
        }

        Outcome<AgencyPeople> listed = await listPeople.ExecuteAsync(request.SignedIn, agencyId, personId is null ? "add-form" : "edit-form", request.Aborted);
        if (listed.Failure is { } failure)
        {
            return await pages.FailureAsync(PageContext.For(request), failure);
        }

        Person? person = null;
        if (personId is not null && (person = listed.Value.People.FirstOrDefault(p => p.PersonId == personId)) is null)
        {
            return await pages.FailureAsync(PageContext.For(request), Outcome.NotFound("There is no person with that id in this agency."));
        }

        form ??= person is null
            ? FormState.Empty
            : FormState.Posted(new FormCollection(new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>
            {
                ["displayName"] = person.DisplayName,
                ["signInName"] = person.SignInName,
                ["email"] = person.Email,
                ["objectId"] = person.ObjectId,
                ["tenantId"] = person.TenantId,
                ["roles"] = person.Roles.Members().Select(r => WireNames.Of(r)).ToArray(),
                ["active"] = person.Active ? "yes" : "no",
            }), errors: null);
        return await pages.RenderAsync<PersonFormPage, PersonFormModel>(PageContext.For(request), new(listed.Value, person, form), status);
    }
}

/// <summary><c>GET /agencies/{agencyId}/staff-import</c> (the senior manager, the board admin): upload the staff list the school's MIS or HR system exports.</summary>
[Endpoint("GET", "agencies/{agencyId}/staff-import", PlatformPermissions.PeopleManagers)]
public sealed class StaffImportPageEndpoint(ListAgencyPeople listPeople, PageRenderer pages) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await StaffImportModel.RenderAsync(request, listPeople, pages, plan: null, csv: null, FormState.Empty, StatusCodes.Status200OK);
    }
}

/// <summary>
/// <c>POST /agencies/{agencyId}/staff-import</c> (multipart: <c>file</c>): the preview, row by row, with a form that
/// confirms exactly that file. Nothing is saved yet.
/// </summary>
[Endpoint("POST", "agencies/{agencyId}/staff-import", PlatformPermissions.PeopleManagers)]
public sealed class PreviewStaffImportFormEndpoint(ImportStaff importStaff, ListAgencyPeople listPeople, PageRenderer pages) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        MultipartForm<UploadedFile> upload = await MultipartBody.ReadAsync(request.Request, "file", async (_, _, content, _) =>
        {
            await using MemoryStream? file = await MultipartBody.ReadFileAsync(content, StaffCsv.MaxBytes, request.Aborted);
            return new UploadedFile(file?.ToArray());
        });
        FieldErrors errors = new();
        if (upload.File is null)
        {
            errors.Add("file", "Choose the staff list to import (a CSV file)");
        }
        else if (upload.File.Bytes is null)
        {
            errors.Add("file", "The file is larger than 5 MB: export only the staff columns (email, name, roles)");
        }

        return await StaffImportModel.PlanAsync(request, importStaff, listPeople, pages, errors.Any ? null : upload.File!.Bytes, errors, confirm: null);
    }

    /// <param name="Bytes">Null when the file was larger than the limit.</param>
    sealed record UploadedFile(byte[]? Bytes);
}

/// <summary>
/// <c>POST /agencies/{agencyId}/staff-import/confirm</c> (form: <c>csv</c>, the previewed file; <c>fingerprint</c>,
/// the preview's): applies the import; refused with the new preview when the directory changed since.
/// </summary>
[Endpoint("POST", "agencies/{agencyId}/staff-import/confirm", PlatformPermissions.PeopleManagers)]
public sealed class ConfirmStaffImportFormEndpoint(ImportStaff importStaff, ListAgencyPeople listPeople, PageRenderer pages) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        IFormCollection form = await FormBody.ReadAsync(request.Request, FormBody.FileLimits);
        byte[] csv = System.Text.Encoding.UTF8.GetBytes(form["csv"].ToString());
        string fingerprint = form["fingerprint"].ToString();
        return await StaffImportModel.PlanAsync(request, importStaff, listPeople, pages, csv, new FieldErrors(), fingerprint.Length > 0 ? fingerprint : "missing");
    }
}

/// <param name="Plan">The preview (or, once applied, the result); null on the upload form.</param>
/// <param name="Csv">The previewed file as text, carried in the confirm form so exactly what was shown is applied.</param>
public sealed record StaffImportModel(AgencyPeople Agency, StaffImportPlan? Plan, string? Csv, FormState Form)
{
    internal static async Task<IResult> PlanAsync(
        EndpointRequest request, ImportStaff importStaff, ListAgencyPeople listPeople, PageRenderer pages, byte[]? csv, FieldErrors errors, string? confirm)
    {
        IReadOnlyList<StaffImportRow>? rows = csv is null ? null : StaffCsv.Parse(csv, errors);
        if (rows is null)
        {
            return await RenderAsync(request, listPeople, pages, plan: null, csv: null, FormState.Posted(null, errors), StatusCodes.Status400BadRequest);
        }

        string agencyId = request.RouteValue("agencyId");
        Outcome<StaffImportPlan> planned = await importStaff.ExecuteAsync(request.SignedIn, agencyId, rows, confirm, request.Aborted);
        if (planned.Failure is { Kind: FailureKind.Conflict })
        {
            // The directory changed since the preview: show what the import would do now, to be confirmed again.
            planned = await importStaff.ExecuteAsync(request.SignedIn, agencyId, rows, null, request.Aborted);
            FieldErrors changed = new();
            changed.Add("confirm", "The agency's people changed since you looked at the preview. Check the new preview and confirm again");
            return planned.Failure is { } again
                ? await pages.FailureAsync(PageContext.For(request), again)
                : await RenderAsync(request, listPeople, pages, planned.Value, System.Text.Encoding.UTF8.GetString(csv!), FormState.Posted(null, changed), StatusCodes.Status409Conflict);
        }

        if (planned.Failure is { } failure)
        {
            return failure.Kind == FailureKind.Invalid
                ? await RenderAsync(request, listPeople, pages, plan: null, csv: null, FormState.Posted(null, failure.Errors ?? FileError(failure)), StatusCodes.Status400BadRequest)
                : await pages.FailureAsync(PageContext.For(request), failure);
        }

        return await RenderAsync(request, listPeople, pages, planned.Value, System.Text.Encoding.UTF8.GetString(csv!), FormState.Empty, StatusCodes.Status200OK);
    }

    static FieldErrors FileError(Failure failure)
    {
        FieldErrors errors = new();
        errors.Add("file", failure.Detail);
        return errors;
    }

    internal static async Task<IResult> RenderAsync(
        EndpointRequest request, ListAgencyPeople listPeople, PageRenderer pages, StaffImportPlan? plan, string? csv, FormState form, int status)
    {
        string agencyId = request.RouteValue("agencyId");
        if (PlatformPermissions.ToManagePeople(request.SignedIn, agencyId) is { } denied)
        {
            return await pages.FailureAsync(PageContext.For(request), denied);
        }

        Outcome<AgencyPeople> listed = await listPeople.ExecuteAsync(request.SignedIn, agencyId, "staff-import", request.Aborted);
        return listed.Failure is { } failure
            ? await pages.FailureAsync(PageContext.For(request), failure)
            : await pages.RenderAsync<StaffImportPage, StaffImportModel>(PageContext.For(request), new(listed.Value, plan, csv, form), status);
    }
}
