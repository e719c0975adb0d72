using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Pages;

/// <summary>TRANSITIONAL (redesign): string-built error pages for handlers not yet converted; use <see cref="ErrorPages"/>.</summary>
public static class LegacyErrorPages
{
    public static IResult SignInRequired(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string returnTo = Uri.EscapeDataString(request.Path + request.QueryString);
        Html html = new Html()
            .Raw("<h1 class=\"govuk-heading-l\">Sign in to continue</h1>")
            .Raw("<p class=\"govuk-body\">You need to sign in with your work account to use this service.</p>")
            .Raw("<a class=\"govuk-button\" data-module=\"govuk-button\" href=\"").Text(PlatformPaths.SignIn + "?post_login_redirect_uri=" + returnTo)
            .Raw("\">Sign in</a>");
        return Layout.Page("Sign in", html.ToString(), statusCode: StatusCodes.Status401Unauthorized);
    }

    /// <summary>A plain page for a refused or failed page request.</summary>
    public static IResult Problem(int statusCode, string detail)
    {
        Html html = new Html()
            .Raw("<h1 class=\"govuk-heading-l\">").Text(statusCode == StatusCodes.Status404NotFound ? "Page not found" : "Sorry, there is a problem").Raw("</h1>")
            .Raw("<p class=\"govuk-body\">").Text(detail).Raw("</p>")
            .Raw("<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/home\">Go to the start page</a></p>");
        return Layout.Page(statusCode == StatusCodes.Status404NotFound ? "Page not found" : "There is a problem", html.ToString(), statusCode: statusCode);
    }

    public static IResult Forbidden(string detail)
    {
        Html html = new Html()
            .Raw("<h1 class=\"govuk-heading-l\">You cannot see this page</h1>")
            .Raw("<p class=\"govuk-body\">").Text(detail).Raw("</p>")
            .Raw("<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/home\">Go to the start page</a></p>");
        return Layout.Page("Not allowed", html.ToString(), statusCode: StatusCodes.Status403Forbidden);
    }
}
