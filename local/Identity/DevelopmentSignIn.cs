using EsafetyServerless.Http;
using EsafetyServerless.Http.Pages;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Local.Identity;

/// <summary>
/// The development sign-in page at App Service Authentication's own path (<c>/.auth/login/aad</c>): pick a seeded
/// person and act as them. Local runtime only, and marked as such on the page.
/// </summary>
public static class DevelopmentSignIn
{
    public const string LogoutRoute = "/.auth/logout";

    public static void MapDevelopmentSignIn(this IEndpointRouteBuilder endpoints, LocalRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsLoopbackOnly)
        {
            return;
        }

        endpoints.MapGet(PlatformPaths.SignIn, ShowAsync).WithMetadata(LocalOnlyRoute.Instance);
        endpoints.MapPost(PlatformPaths.SignIn, SignInAsync).WithMetadata(LocalOnlyRoute.Instance);
        endpoints.MapGet(LogoutRoute, SignOut).WithMetadata(LocalOnlyRoute.Instance);
    }

    static async Task<IResult> ShowAsync(HttpContext context, IPeopleDirectory directory)
    {
        string returnTo = SafeReturnPath(context.Request.Query["post_login_redirect_uri"]);
        IReadOnlyList<Agency> agencies = await directory.ListAgenciesAsync(context.RequestAborted);
        List<(string AgencyName, Person Person)> people = [];
        foreach (string agencyId in agencies.Select(a => a.AgencyId).Append(Agency.BoardId))
        {
            string name = agencies.FirstOrDefault(a => a.AgencyId == agencyId)?.Name ?? "Safeguarding board";
            people.AddRange((await directory.ListPeopleAsync(agencyId, context.RequestAborted)).Select(p => (name, p)));
        }

        Html html = new Html()
            .Raw("<strong class=\"govuk-tag govuk-tag--red\">Development only</strong>")
            .Raw("<h1 class=\"govuk-heading-l\">Sign in as a sample person</h1>")
            .Raw("<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>")
            .Raw("<strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning</span>")
            .Raw("This page exists only in the local runtime. In Azure you sign in with your Entra ID work account.</strong></div>")
            .Raw("<form method=\"post\" action=\"").Text(PlatformPaths.SignIn).Raw("\" novalidate>")
            .Raw("<input type=\"hidden\" name=\"returnTo\" value=\"").Text(returnTo).Raw("\">")
            .Raw("<div class=\"govuk-form-group\"><fieldset class=\"govuk-fieldset\"><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--m\">Who are you?</legend>")
            .Raw("<div class=\"govuk-radios\" data-module=\"govuk-radios\">");
        int index = 0;
        foreach ((string agencyName, Person person) in people)
        {
            string id = "person-" + index++.ToString(System.Globalization.CultureInfo.InvariantCulture);
            html.Raw("<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" id=\"").Text(id)
                .Raw("\" name=\"signInName\" type=\"radio\" value=\"").Text(person.SignInName).Raw("\">")
                .Raw("<label class=\"govuk-label govuk-radios__label\" for=\"").Text(id).Raw("\">")
                .Text(person.DisplayName).Raw(" – ").Text(RoleNames.Describe(person.Role)).Raw(", ").Text(agencyName)
                .Raw("</label></div>");
        }

        html.Raw("</div></fieldset></div><button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Sign in</button></form>");
        return Layout.Page("Development sign-in", html.ToString());
    }

    static async Task<IResult> SignInAsync(HttpContext context, IPeopleDirectory directory)
    {
        if (!context.Request.HasFormContentType || context.Request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site")
        {
            return Results.Redirect(PlatformPaths.SignIn);
        }

        IFormCollection form = await context.Request.ReadFormAsync(context.RequestAborted);
        string signInName = form["signInName"].ToString();
        if (string.IsNullOrWhiteSpace(signInName) || await directory.FindBySignInNameAsync(signInName, context.RequestAborted) is null)
        {
            return Results.Redirect(PlatformPaths.SignIn);
        }

        context.Response.Cookies.Append(LocalAuthenticationMiddleware.CookieName, signInName, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
        });
        return Results.Redirect(SafeReturnPath(form["returnTo"]));
    }

    static IResult SignOut(HttpContext context)
    {
        context.Response.Cookies.Delete(LocalAuthenticationMiddleware.CookieName);
        return Results.Redirect(PlatformPaths.SignIn);
    }

    /// <summary>Only local paths: an open redirect would let a link send people elsewhere after signing in.</summary>
    static string SafeReturnPath(string? path) =>
        path is { Length: > 1 } p && p[0] == '/' && p[1] != '/' && p[1] != '\\' && !p.Any(c => char.IsControl(c) || c == '\\')
            && Uri.TryCreate(p, UriKind.Relative, out _)
            ? p
            : "/home";
}
