using EsafetyServerless.Http.Pages;
using EsafetyServerless.Http.Security;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Http.Reviews;

/// <summary>The service navigation's links to the registers and compliance, for the roles that use them.</summary>
public static class ReviewNavigation
{
    public static string Links(Actor? actor)
    {
        if (actor is null)
        {
            return string.Empty;
        }

        Html html = new();
        if (actor.Role is Role.EsafetyOfficer or Role.SeniorManager or Role.Technician)
        {
            Item(html, "/agencies/" + actor.AgencyId + "/registers", "Registers");
        }

        if (actor.Role is Role.EsafetyOfficer or Role.SeniorManager)
        {
            Item(html, "/agencies/" + actor.AgencyId + "/compliance", "Compliance");
        }

        if (actor.Role == Role.BoardAdmin)
        {
            Item(html, "/compliance", "Agencies' compliance");
        }

        return html.ToString();
    }

    static void Item(Html html, string href, string text) =>
        html.Raw("<li class=\"govuk-service-navigation__item\"><a class=\"govuk-service-navigation__link\" href=\"").Text(href).Raw("\">").Text(text).Raw("</a></li>");
}
