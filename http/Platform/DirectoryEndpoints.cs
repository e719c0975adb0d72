using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Workflows.Platform;
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
        Outcome<IReadOnlyList<Person>> listed = await listPeople.ExecuteAsync(request.SignedIn, request.RouteValue("agencyId"), request.Aborted);
        return ApiResults.From(listed, people => ApiResults.Json(new { items = people.Select(PersonJson.From) }));
    }
}

/// <summary>A directory entry as the API shows it (no sign-in name).</summary>
public sealed record PersonJson(string PersonId, string DisplayName, string Email, string AgencyId, Role Role)
{
    public static PersonJson From(Person person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return new(person.PersonId, person.DisplayName, person.Email, person.AgencyId, person.Role);
    }
}
