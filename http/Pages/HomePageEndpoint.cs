using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Pages;

/// <summary><c>GET /home</c>: the start page (<see cref="HomePage"/>).</summary>
[Endpoint("GET", "home", Roles.AnyRole)]
public sealed class HomePageEndpoint(ReadSignedInPerson readSignedIn, PageRenderer pages) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<SignedInPerson> read = await readSignedIn.ExecuteAsync(request.SignedIn, request.Aborted);
        return read.Failure is { } failure
            ? await pages.FailureAsync(PageContext.For(request), failure)
            : await pages.RenderAsync<HomePage, HomePageModel>(PageContext.For(request), new(read.Value, HomePageModel.LinksFor(read.Value.Person.Roles, read.Value.Person.AgencyId)));
    }
}

/// <param name="Links">What this person can do from here, in the order they most often need it.</param>
public sealed record HomePageModel(SignedInPerson SignedIn, IReadOnlyList<Navigation.Link> Links)
{
    public static IReadOnlyList<Navigation.Link> LinksFor(Roles roles, string agencyId)
    {
        List<Navigation.Link> links = [];
        if ((roles & Roles.EsafetyLeads) != 0)
        {
            links.Add(new("/tasks", "See your tasks: referrals to make, reviews due, what is overdue"));
            links.Add(new("/incidents?status=awaiting-triage", "Triage the reports waiting for you"));
            links.Add(new("/incidents?overdue=true", "See the incidents with overdue referrals"));
            links.Add(new("/incidents", "Open the incident log"));
        }

        if ((roles & Roles.AgencyMembers) != 0)
        {
            links.Add(new("/report", "Report an e-safety incident"));
            links.Add(new("/reports", "See the incidents you reported"));
        }

        if (roles.Contains(Role.SeniorManager))
        {
            links.Add(new("/agencies/" + agencyId + "/people", "Manage your agency's people: add, change, import the staff list"));
        }

        if ((roles & Roles.EsafetyLeads) == 0 && (roles & (Roles.Staff | Roles.Technician)) != 0)
        {
            links.Add(new("/tasks", "See your tasks: what is due and what is overdue"));
        }

        if (roles.Contains(Role.BoardAdmin))
        {
            links.Add(new("/tasks", "See your tasks: overdue reviews the board must chase"));
            links.Add(new("/agencies", "Bring an agency in, or manage its people"));
            links.Add(new("/compliance", "See every agency's compliance"));
            links.Add(new("/escalation-channels", "Set how referrals reach the police, CEOP, the IWF, the LADO and First Response"));
        }

        return links;
    }

    /// <summary>What to do first if a child is in danger: staff tell their officer; the officer and manager act themselves.</summary>
    public static string InDanger(Roles roles) =>
        (roles & Roles.EsafetyLeads) != 0 ? "If a child is in immediate danger, call 999 now, then record the incident here."
        : (roles & Roles.AgencyMembers) == 0 ? "If a child is in immediate danger, call 999 now."
        : "If a child is in immediate danger, call 999 now. Then tell your e-safety officer.";
}
