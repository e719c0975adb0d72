using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Pages;

/// <summary>The start page: who you are, which agency you act for, and what you can do from here.</summary>
[Endpoint("GET", "home", Roles.AnyRole)]
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
            .Raw("<div class=\"govuk-inset-text\">If a child is in immediate danger, call 999 now. Then tell your e-safety officer.</div>")
            .Raw("<h2 class=\"govuk-heading-m\">What you can do</h2><ul class=\"govuk-list\">");
        void Link(string href, string text) => html.Raw("<li><a class=\"govuk-link\" href=\"").Text(href).Raw("\">").Text(text).Raw("</a></li>");
        if (person.Role != Role.BoardAdmin)
        {
            Link("/report", "Report an e-safety incident");
        }

        Link("/tasks", "See your tasks: what is due and what is overdue");
        if (person.Role is Role.EsafetyOfficer or Role.SeniorManager)
        {
            Link("/incidents", "Open the incident log");
        }

        if (person.Role == Role.BoardAdmin)
        {
            Link("/escalation-channels", "Set how referrals reach the police, CEOP, the IWF, the LADO and First Response");
        }

        html.Raw("</ul>");
        return Layout.Page("Start", html.ToString(), request.SignedIn);
    }
}
