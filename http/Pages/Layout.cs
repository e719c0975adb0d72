using System.Text;
using EsafetyServerless.Http.Security;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Pages;

/// <summary>The GOV.UK Frontend page template: header, phase banner, main content and footer. Works without JavaScript.</summary>
public static class Layout
{
    public const string ServiceName = "E-safety incidents and standards";

    /// <summary>The service navigation of <see cref="Pages.Navigation"/>, as the legacy pages write it.</summary>
    static string Navigation(Actor? actor)
    {
        StringBuilder links = new();
        foreach (Pages.Navigation.Link link in Pages.Navigation.For(actor))
        {
            links.Append("<li class=\"govuk-service-navigation__item\"><a class=\"govuk-service-navigation__link\" href=\"")
                .Append(Html.Encode(link.Href)).Append("\">").Append(Html.Encode(link.Text)).Append("</a></li>");
        }

        return links.ToString();
    }

    public static IResult Page(string title, string mainHtml, Actor? actor = null, int statusCode = StatusCodes.Status200OK)
    {
        StringBuilder page = new();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\" class=\"govuk-template\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<title>").Append(Html.Encode(title)).Append(" – ").Append(ServiceName).Append("</title>\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1, viewport-fit=cover\">\n")
            .Append("<meta name=\"robots\" content=\"noindex, nofollow\">\n")
            .Append("<link rel=\"icon\" href=\"/assets/images/favicon.ico\" sizes=\"48x48\">\n")
            .Append("<link rel=\"stylesheet\" href=\"/assets/stylesheets/govuk-frontend.min.css\">\n")
            .Append("</head>\n<body class=\"govuk-template__body\">\n")
            .Append("<a href=\"#main-content\" class=\"govuk-skip-link\">Skip to main content</a>\n")
            // Not a GOV.UK service, so no crown header: the service name and links sit in GOV.UK's service navigation.
            .Append("<header class=\"govuk-service-navigation\" data-module=\"govuk-service-navigation\"><div class=\"govuk-width-container\">")
            .Append("<div class=\"govuk-service-navigation__container\"><span class=\"govuk-service-navigation__service-name\">")
            .Append("<a href=\"/home\" class=\"govuk-service-navigation__link\">").Append(ServiceName).Append("</a></span>")
            .Append("<nav aria-label=\"Menu\" class=\"govuk-service-navigation__wrapper\"><ul class=\"govuk-service-navigation__list\" id=\"navigation\">")
            .Append(Navigation(actor))
            .Append("</ul></nav></div></div></header>\n")
            .Append("<div class=\"govuk-width-container\">\n")
            .Append("<section class=\"govuk-phase-banner\" aria-label=\"Service status\"><p class=\"govuk-phase-banner__content\">")
            .Append("<strong class=\"govuk-tag govuk-phase-banner__content__tag\">Beta</strong>")
            .Append("<span class=\"govuk-phase-banner__text\">");
        if (actor is not null)
        {
            page.Append("Signed in as ").Append(Html.Encode(actor.Person.DisplayName))
                .Append(" (").Append(Html.Encode(RoleNames.Describe(actor.Role))).Append(')');
        }
        else
        {
            page.Append("Incidents involving children are confidential: report them only through this service.");
        }

        page.Append("</span></p></section>\n")
            .Append("<main class=\"govuk-main-wrapper\" id=\"main-content\">\n")
            .Append(mainHtml)
            .Append("\n</main>\n</div>\n")
            .Append("<footer class=\"govuk-footer\"><div class=\"govuk-width-container\"><div class=\"govuk-footer__meta\">")
            .Append("<div class=\"govuk-footer__meta-item govuk-footer__meta-item--grow\">")
            .Append("<p class=\"govuk-body-s\">Built to the safeguarding board's e-safety minimum standards.</p>")
            .Append("</div></div></div></footer>\n</body>\n</html>\n");
        return Results.Content(page.ToString(), "text/html; charset=utf-8", Encoding.UTF8, statusCode);
    }
}

/// <summary>How roles read on pages.</summary>
public static class RoleNames
{
    public static string Describe(Workflows.Platform.Directory.Role role) => role switch
    {
        Workflows.Platform.Directory.Role.Staff => "Staff member",
        Workflows.Platform.Directory.Role.EsafetyOfficer => "E-safety officer",
        Workflows.Platform.Directory.Role.SeniorManager => "Senior manager",
        Workflows.Platform.Directory.Role.Technician => "IT technician",
        Workflows.Platform.Directory.Role.BoardAdmin => "Board administrator",
        _ => role.ToString(),
    };
}
