using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Platform;

/// <summary><c>GET /api/me</c>: who the service thinks you are, your agency and role.</summary>
[Endpoint("GET", "api/me", Roles.AnyRole)]
public sealed class MeEndpoint : IEndpointHandler
{
    public Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Person person = request.SignedIn.Person;
        return Task.FromResult(Results.Json(PersonView.From(person), ApiJson.Options));
    }
}

/// <summary><c>GET /api/agencies</c>: the board's member agencies (board admin only).</summary>
[Endpoint("GET", "api/agencies", Roles.BoardAdmin)]
public sealed class ListAgenciesEndpoint(IPeopleDirectory directory) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        IReadOnlyList<Agency> agencies = await directory.ListAgenciesAsync(request.Aborted);
        return Results.Json(new { items = agencies.OrderBy(a => a.Name, StringComparer.Ordinal) }, ApiJson.Options);
    }
}

/// <summary>
/// <c>GET /api/agencies/{agencyId}/people</c>: who works in an agency and in which role, for that agency's
/// e-safety officer and senior manager, and for the board admin.
/// </summary>
[Endpoint("GET", "api/agencies/{agencyId}/people", Roles.EsafetyLeads | Roles.BoardAdmin)]
public sealed class ListAgencyPeopleEndpoint(IPeopleDirectory directory) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string agencyId = request.RouteValue("agencyId");
        AgencyAccessDeniedException.ThrowUnlessAllowed(request.SignedIn, agencyId);
        if (await directory.GetAgencyAsync(agencyId, request.Aborted) is null)
        {
            return Problems.NotFound("There is no agency with that id.");
        }

        IReadOnlyList<Person> people = await directory.ListPeopleAsync(agencyId, request.Aborted);
        return Results.Json(new { items = people.OrderBy(p => p.DisplayName, StringComparer.Ordinal).Select(PersonView.From) }, ApiJson.Options);
    }
}

public sealed record PersonView(string PersonId, string DisplayName, string Email, string AgencyId, Role Role)
{
    public static PersonView From(Person person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return new(person.PersonId, person.DisplayName, person.Email, person.AgencyId, person.Role);
    }
}
