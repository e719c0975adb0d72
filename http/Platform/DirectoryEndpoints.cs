using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.People;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Platform;

/// <summary>
/// <c>GET /api/me</c>: who the service thinks you are, your agency and role — the directory entry the pipeline found
/// for your sign-in, so there is nothing more to look up.
/// </summary>
[Endpoint("GET", "api/me", Roles.AnyRole)]
public sealed class MeEndpoint : IEndpointHandler
{
    public Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(ApiResults.Json(PersonJson.From(request.SignedIn.Person)));
    }
}

/// <summary>
/// <c>POST /sign-out</c>: every page's "Sign out" form. A POST, so another site cannot sign anyone out with a link or an
/// image; it sends the browser on to App Service Authentication's sign-out, which ends the session (locally, the
/// runtime ends it on this POST). Open to anyone with a session, even one the directory refuses (a leaver).
/// </summary>
[Endpoint("POST", "sign-out", Anonymous = true)]
public sealed class SignOutEndpoint : IEndpointHandler
{
    public Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(Results.Redirect(PlatformPaths.SignOut + "?post_logout_redirect_uri=/"));
    }
}

/// <summary><c>GET /api/agencies</c>: the board's member agencies (board admin only).</summary>
[Endpoint("GET", "api/agencies", PlatformPermissions.AgencyListers)]
public sealed class ListAgenciesEndpoint(ListAgencies listAgencies) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<IReadOnlyList<Agency>> listed = await listAgencies.ExecuteAsync(request.SignedIn, request.Aborted);
        return ApiResults.From(listed, agencies => ApiResults.Json(new { items = agencies }));
    }
}

/// <summary>
/// <c>GET /api/agencies/{agencyId}/people</c>: who works in an agency and in which role, for that agency's
/// e-safety officer and senior manager, and for the board admin.
/// </summary>
[Endpoint("GET", "api/agencies/{agencyId}/people", PlatformPermissions.PeopleReaders)]
public sealed class ListAgencyPeopleEndpoint(ListAgencyPeople listPeople) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<AgencyPeople> listed = await listPeople.ExecuteAsync(request.SignedIn, request.RouteValue("agencyId"), "api", request.Aborted);
        return ApiResults.From(listed, found => ApiResults.Json(new { items = found.People.Select(PersonJson.From) }));
    }
}

/// <summary>
/// A directory entry as the API shows it. <c>role</c> is the first of <c>roles</c>, kept for clients written before
/// a person could hold several.
/// </summary>
public sealed record PersonJson(
    string PersonId,
    string DisplayName,
    string SignInName,
    string Email,
    string AgencyId,
    Role Role,
    IReadOnlyList<Role> Roles,
    bool Active,
    string? ObjectId,
    string? TenantId)
{
    public static PersonJson From(Person person)
    {
        ArgumentNullException.ThrowIfNull(person);
        IReadOnlyList<Role> roles = person.Roles.Members();
        return new(person.PersonId, person.DisplayName, person.SignInName, person.Email, person.AgencyId, roles[0], roles, person.Active, person.ObjectId, person.TenantId);
    }
}

/// <summary>
/// <c>POST /api/agencies</c> <c>{"name","kind","intakeAddress"}</c> (board admin): a new member agency → 201 with
/// <c>agencyId</c>. The incident mailbox must be one no other agency uses.
/// </summary>
[Endpoint("POST", "api/agencies", Roles.BoardAdmin)]
public sealed class CreateAgencyEndpoint(CreateAgency createAgency) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        JsonFields body = (await JsonBody.ReadObjectAsync(request.Request, 16 * 1024)).RejectUnknown("name", "kind", "intakeAddress");
        AgencyDraft draft = new(body.Text("name"), body.Text("kind"), body.Text("intakeAddress"));
        if (body.Errors.Any)
        {
            return ApiResults.Problem(Outcome.Invalid(body.Errors));
        }

        Outcome<Agency> created = await createAgency.ExecuteAsync(request.SignedIn, draft, request.Aborted);
        return ApiResults.From(created, agency => ApiResults.Json(AgencyJson.From(agency), StatusCodes.Status201Created));
    }
}

/// <summary>
/// <c>PATCH /api/agencies/{agencyId}</c> <c>{"name"?,"kind"?,"intakeAddress"?,"archived"?}</c> (board admin):
/// correct an agency, or archive it (<c>"archived": true</c>: every record kept, no new reports).
/// </summary>
[Endpoint("PATCH", "api/agencies/{agencyId}", Roles.BoardAdmin)]
public sealed class UpdateAgencyEndpoint(UpdateAgency updateAgency) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        JsonFields body = (await JsonBody.ReadObjectAsync(request.Request, 16 * 1024)).RejectUnknown("name", "kind", "intakeAddress", "archived");
        AgencyChanges changes = new(body.Text("name"), body.Text("kind"), body.Text("intakeAddress"), body.NullableBool("archived"));
        if (body.Errors.Any)
        {
            return ApiResults.Problem(Outcome.Invalid(body.Errors));
        }

        Outcome<Agency> updated = await updateAgency.ExecuteAsync(request.SignedIn, request.RouteValue("agencyId"), changes, request.Aborted);
        return ApiResults.From(updated, agency => ApiResults.Json(AgencyJson.From(agency)));
    }
}

/// <summary>
/// <c>POST /api/agencies/{agencyId}/people</c> <c>{"displayName","signInName","email"?,"objectId"?,"tenantId"?,"roles":[…]}</c>
/// (the agency's senior manager, the board admin) → 201 with <c>personId</c>.
/// </summary>
[Endpoint("POST", "api/agencies/{agencyId}/people", PlatformPermissions.PeopleManagers)]
public sealed class AddPersonEndpoint(AddPerson addPerson) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        JsonFields body = (await JsonBody.ReadObjectAsync(request.Request, 16 * 1024))
            .RejectUnknown("displayName", "signInName", "email", "objectId", "tenantId", "roles");
        NewPersonDraft draft = new(body.Text("displayName"), body.Text("signInName"), body.Text("email"), body.Text("objectId"), body.Text("tenantId"), body.Texts("roles"));
        if (body.Errors.Any)
        {
            return ApiResults.Problem(Outcome.Invalid(body.Errors));
        }

        Outcome<Person> added = await addPerson.ExecuteAsync(request.SignedIn, request.RouteValue("agencyId"), draft, request.Aborted);
        return ApiResults.From(added, person => ApiResults.Json(PersonJson.From(person), StatusCodes.Status201Created));
    }
}

/// <summary>
/// <c>PATCH /api/agencies/{agencyId}/people/{personId}</c> (any of the fields of a new person, and <c>"active"</c>):
/// correct a person, change their roles, or deactivate them (<c>"active": false</c>) when they leave.
/// </summary>
[Endpoint("PATCH", "api/agencies/{agencyId}/people/{personId}", PlatformPermissions.PeopleManagers)]
public sealed class UpdatePersonEndpoint(UpdatePerson updatePerson) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        JsonFields body = (await JsonBody.ReadObjectAsync(request.Request, 16 * 1024))
            .RejectUnknown("displayName", "signInName", "email", "objectId", "tenantId", "roles", "active");
        PersonChanges changes = new(body.Text("displayName"), body.Text("signInName"), body.Text("email"), body.Text("objectId"), body.Text("tenantId"),
            body.Has("roles") ? body.Texts("roles") : null, body.NullableBool("active"));
        if (body.Errors.Any)
        {
            return ApiResults.Problem(Outcome.Invalid(body.Errors));
        }

        Outcome<Person> updated = await updatePerson.ExecuteAsync(request.SignedIn, request.RouteValue("agencyId"), request.RouteValue("personId"), changes, request.Aborted);
        return ApiResults.From(updated, person => ApiResults.Json(PersonJson.From(person)));
    }
}

/// <summary>
/// <c>POST /api/agencies/{agencyId}/people/imports</c> (<c>Content-Type: text/csv</c>, the agency's staff list): what
/// the import would do, row by row; with <c>?confirm=true</c> it does it (add <c>&amp;fingerprint=</c> the preview's
/// fingerprint to refuse with 409 if the directory changed since).
/// </summary>
[Endpoint("POST", "api/agencies/{agencyId}/people/imports", PlatformPermissions.PeopleManagers)]
public sealed class ImportStaffEndpoint(ImportStaff importStaff) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ReadOnlyMemory<byte> bytes = await JsonBody.ReadBytesAsync(request.Request, "text/csv", StaffCsv.MaxBytes);
        FieldErrors errors = new();
        IReadOnlyList<StaffImportRow>? rows = StaffCsv.Parse(bytes, errors);
        if (rows is null)
        {
            return ApiResults.Problem(Outcome.Invalid(errors, errors.All.First().Message + "."));
        }

        bool confirm = string.Equals(request.Request.Query["confirm"].ToString(), "true", StringComparison.OrdinalIgnoreCase);
        string? fingerprint = request.Request.Query["fingerprint"].ToString() is { Length: > 0 } given ? given : "any";
        Outcome<StaffImportPlan> planned = await importStaff.ExecuteAsync(request.SignedIn, request.RouteValue("agencyId"), rows, confirm ? fingerprint : null, request.Aborted);
        return ApiResults.From(planned, plan => ApiResults.Json(StaffImportJson.From(plan)));
    }
}

/// <summary>An agency as the API shows it.</summary>
public sealed record AgencyJson(string AgencyId, string Name, AgencyKind Kind, string IntakeAddress, bool Archived, DateTimeOffset? ArchivedAt)
{
    public static AgencyJson From(Agency agency)
    {
        ArgumentNullException.ThrowIfNull(agency);
        return new(agency.AgencyId, agency.Name, agency.Kind, agency.IntakeAddress, agency.Archived, agency.ArchivedAt);
    }
}

/// <summary>An import's preview or result: the counts, then each row (and each person the file leaves out).</summary>
public sealed record StaffImportJson(bool Applied, string Fingerprint, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<StaffImportLineJson> Rows)
{
    public static StaffImportJson From(StaffImportPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Dictionary<string, int> counts = Enum.GetValues<StaffImportAction>().ToDictionary(a => WireNames.Of(a), plan.Count, StringComparer.Ordinal);
        return new(plan.Applied, plan.Fingerprint, counts, plan.Lines.Select(l => new StaffImportLineJson(l.Line, WireNames.Of(l.Action), l.DisplayName, l.Email, l.Saves?.PersonId ?? l.PersonId, l.Why)).ToList());
    }
}

public sealed record StaffImportLineJson(int? Line, string Action, string DisplayName, string Email, string? PersonId, string Why);

/// <summary>
/// <c>POST /api/onboarding</c> <c>{"name","kind","intakeAddress","officerName","officerEmail","officerHoldsSafeguarding","managerName","managerEmail"}</c>
/// (board admin): an agency with its e-safety officer and senior manager in one go (one person with both roles when
/// the two emails are the same) → 201. Nothing is saved unless all of it is valid.
/// </summary>
[Endpoint("POST", "api/onboarding", Roles.BoardAdmin)]
public sealed class OnboardAgencyEndpoint(OnboardAgency onboardAgency) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        JsonFields body = (await JsonBody.ReadObjectAsync(request.Request, 16 * 1024)).RejectUnknown(
            "name", "kind", "intakeAddress", "officerName", "officerEmail", "officerHoldsSafeguarding", "managerName", "managerEmail");
        bool? safeguarding = body.NullableBool("officerHoldsSafeguarding");
        OnboardingDraft draft = new(new AgencyDraft(body.Text("name"), body.Text("kind"), body.Text("intakeAddress")),
            body.Text("officerName"), body.Text("officerEmail"), safeguarding switch { true => "yes", false => "no", null => null },
            body.Text("managerName"), body.Text("managerEmail"));
        if (body.Errors.Any)
        {
            return ApiResults.Problem(Outcome.Invalid(body.Errors));
        }

        Outcome<Onboarded> onboarded = await onboardAgency.ExecuteAsync(request.SignedIn, draft, request.Aborted);
        return ApiResults.From(onboarded, done => ApiResults.Json(
            new { agency = AgencyJson.From(done.Agency), people = done.People.Select(PersonJson.From), done.OfficerHoldsSafeguarding }, StatusCodes.Status201Created));
    }
}
