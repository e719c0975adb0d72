using System.Globalization;
using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Pages;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Registers;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Reviews;

/// <summary>
/// <c>GET /api/agencies/{agencyId}/registers/{itemId}/coverage</c> (the e-safety officer, the senior manager): who has
/// signed the AUP's current version — staff by name against the directory, children and parents by group counts.
/// </summary>
[Endpoint("GET", "api/agencies/{agencyId}/registers/{itemId}/coverage", RegisterPermissions.Keepers)]
public sealed class GetAupCoverageEndpoint(ReadAupCoverage readCoverage) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<AupCoverage> read = await readCoverage.ExecuteAsync(request.SignedIn, request.RouteValue("agencyId"), request.RouteValue("itemId"), view: null, request.Aborted);
        return ApiResults.From(read, coverage => ApiResults.Json(AupCoverageJson.From(coverage)));
    }
}

/// <summary>
/// <c>GET /api/agencies/{agencyId}/registers/{itemId}/coverage.csv</c>: the staff AUP's list to download — every
/// active member of staff, whether they have signed the current version, and when.
/// </summary>
[Endpoint("GET", "api/agencies/{agencyId}/registers/{itemId}/coverage.csv", RegisterPermissions.Keepers)]
public sealed class ExportAupCoverageEndpoint(ReadAupCoverage readCoverage) : IEndpointHandler
{
    static readonly string[] Header = ["Name", "Email", "Roles", "Signed current version", "Signed at"];

    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<AupCoverage> read = await readCoverage.ExecuteAsync(request.SignedIn, request.RouteValue("agencyId"), request.RouteValue("itemId"), "csv", request.Aborted);
        return ApiResults.From(read, coverage =>
        {
            IEnumerable<(Person Person, DateTimeOffset? SignedAt)> rows = coverage.SignedStaff.Select(s => (s.Person, (DateTimeOffset?)s.SignedAt))
                .Concat(coverage.UnsignedStaff.Select(p => (p, (DateTimeOffset?)null)))
                .OrderBy(r => r.Item1.DisplayName, StringComparer.CurrentCulture);
            return Csv.Download("aup-" + coverage.Aup.ItemId + "-signatures.csv", Header, rows.ToAsyncEnumerable(), r =>
            [
                r.Person.DisplayName, r.Person.Email, Navigation.Describe(r.Person.Roles), r.SignedAt is null ? "No" : "Yes",
                r.SignedAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? string.Empty,
            ]);
        });
    }
}

/// <summary>
/// <c>POST /api/agencies/{agencyId}/registers/{itemId}/reminders</c> (no body): emails every active member of staff who
/// has not signed the current staff AUP; each is reminded at most once a day.
/// </summary>
[Endpoint("POST", "api/agencies/{agencyId}/registers/{itemId}/reminders", RegisterPermissions.Keepers)]
public sealed class RemindUnsignedStaffEndpoint(RemindUnsignedStaff remind) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<AupReminders> sent = await remind.ExecuteAsync(request.SignedIn, request.RouteValue("agencyId"), request.RouteValue("itemId"), request.Aborted);
        return ApiResults.From(sent, reminders => ApiResults.Json(reminders));
    }
}

/// <summary>
/// <c>POST /api/agencies/{agencyId}/registers/{itemId}/group-signatures</c> <c>{"group","haveSigned","outOf"}</c>: how
/// many in a class or group have signed a children's or parents' AUP → 201. A later count for a group replaces it.
/// </summary>
[Endpoint("POST", "api/agencies/{agencyId}/registers/{itemId}/group-signatures", RegisterPermissions.Keepers)]
public sealed class RecordGroupSignaturesEndpoint(RecordGroupSignatures record) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        JsonFields body = (await JsonBody.ReadObjectAsync(request.Request, 4 * 1024)).RejectUnknown("group", "haveSigned", "outOf");
        GroupSignaturesDraft draft = new(body.Text("group"), body.WholeNumber("haveSigned"), body.WholeNumber("outOf"));
        if (body.Errors.Any)
        {
            return ApiResults.Problem(Outcome.Invalid(body.Errors));
        }

        Outcome<AupGroupCount> recorded = await record.ExecuteAsync(request.SignedIn, request.RouteValue("agencyId"), request.RouteValue("itemId"), draft, request.Aborted);
        return ApiResults.From(recorded, count => ApiResults.Json(count, StatusCodes.Status201Created));
    }
}

/// <summary><c>POST /agencies/{agencyId}/registers/{itemId}/reminders</c>: the page's "email a reminder" button.</summary>
[Endpoint("POST", "agencies/{agencyId}/registers/{itemId}/reminders", RegisterPermissions.Keepers)]
public sealed class RemindUnsignedStaffFormEndpoint(RemindUnsignedStaff remind, RegisterItemPageView view) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        IFormCollection form = await FormBody.ReadAsync(request.Request);
        Outcome<AupReminders> sent = await remind.ExecuteAsync(request.SignedIn, request.RouteValue("agencyId"), request.RouteValue("itemId"), request.Aborted);
        return sent.Failure is { } failure
            ? await view.FailedAsync(request, RegisterItemPageModel.CoverageForm, form, failure)
            : RegisterItemPageView.Saved(request, string.Create(CultureInfo.InvariantCulture,
                $"reminded&sent={sent.Value.Sent}&already={sent.Value.AlreadySentToday}&pending={sent.Value.NotSentYet + sent.Value.Refused}"));
    }
}

/// <summary><c>POST /agencies/{agencyId}/registers/{itemId}/group-signatures</c> (form: <c>group</c>, <c>haveSigned</c>, <c>outOf</c>).</summary>
[Endpoint("POST", "agencies/{agencyId}/registers/{itemId}/group-signatures", RegisterPermissions.Keepers)]
public sealed class RecordGroupSignaturesFormEndpoint(RecordGroupSignatures record, RegisterItemPageView view) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        IFormCollection form = await FormBody.ReadAsync(request.Request);
        FieldErrors errors = new();
        GroupSignaturesDraft draft = new(form["group"].ToString(), Number(form, "haveSigned", "how many have signed", errors), Number(form, "outOf", "how many are in the group", errors));
        Outcome<AupGroupCount> recorded = errors.Any
            ? Outcome.Invalid(errors)
            : await record.ExecuteAsync(request.SignedIn, request.RouteValue("agencyId"), request.RouteValue("itemId"), draft, request.Aborted);
        return recorded.Failure is { } failure
            ? await view.FailedAsync(request, RegisterItemPageModel.CoverageForm, form, failure)
            : RegisterItemPageView.Saved(request, "counted");
    }

    static int? Number(IFormCollection form, string field, string what, FieldErrors errors)
    {
        string text = form[field].ToString().Trim();
        if (text.Length == 0)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
        {
            return number;
        }

        errors.Add(field, "Enter " + what + " as a whole number, like 27");
        return null;
    }
}

/// <summary>An AUP's coverage as the API shows it.</summary>
public sealed record AupCoverageJson(
    string ItemId,
    string Audience,
    string Version,
    int Required,
    int HaveSigned,
    bool Complete,
    IReadOnlyList<AupCoverageJson.StaffJson> SignedStaff,
    IReadOnlyList<AupCoverageJson.StaffJson> UnsignedStaff,
    IReadOnlyList<AupGroupCount> Groups,
    int Individuals)
{
    public sealed record StaffJson(string PersonId, string DisplayName, string Email, DateTimeOffset? SignedAt);

    public static AupCoverageJson From(AupCoverage coverage)
    {
        ArgumentNullException.ThrowIfNull(coverage);
        return new(
            coverage.Aup.ItemId, WireNames.Of(coverage.Aup.Aup!.Audience), coverage.Aup.Aup.Version, coverage.Required, coverage.HaveSigned, coverage.Complete,
            coverage.SignedStaff.Select(s => new StaffJson(s.Person.PersonId, s.Person.DisplayName, s.Person.Email, s.SignedAt)).ToList(),
            coverage.UnsignedStaff.Select(p => new StaffJson(p.PersonId, p.DisplayName, p.Email, null)).ToList(),
            coverage.Groups,
            coverage.Individuals);
    }
}
