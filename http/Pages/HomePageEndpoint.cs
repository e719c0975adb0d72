using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Pages;

/// <summary>The start page: who you are, which agency you act for, and what you can do from here.</summary>
public sealed class HomePageEndpoint(IPeopleDirectory directory) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Person person = request.SignedIn.Person;
        Agency? agency = await directory.GetAgencyAsync(person.AgencyId, request.Aborted);
        string agencyName = person.AgencyId == Agency.BoardId ? "the safeguarding board" : agency?.Name ?? person.AgencyId;

        Html html = new Html()
            .Raw("<h1 class=\"govuk-heading-xl\">").Text(Layout.ServiceName).Raw("</h1>")
            .Raw("<p class=\"govuk-body-l\">You are signed in as ").Text(person.DisplayName)
            .Raw(", ").Text(RoleNames.Describe(person.Role)).Raw(" for ").Text(agencyName).Raw(".</p>")
            .Raw("<div class=\"govuk-inset-text\">If a child is in immediate danger, call 999 now. Then tell your e-safety officer.</div>");
        return Layout.Page("Start", html.ToString(), request.SignedIn);
    }
}
