using EsafetyServerless.Http;
using EsafetyServerless.Http.Pages;
using EsafetyServerless.Http.Pages.Govuk;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Local.Identity;

/// <summary>
/// The development sign-in page at App Service Authentication's own path (<c>/.auth/login/aad</c>): pick a seeded
/// person and act as them (<see cref="DevelopmentSignInPage"/>). Local runtime only, mapped by the local runtime
/// itself rather than declared as an endpoint, and marked as such on the page.
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
        endpoints.MapGet(LogoutRoute, SignedOut).WithMetadata(LocalOnlyRoute.Instance);
    }

    static async Task<IResult> ShowAsync(HttpContext context, IPeopleDirectory directory, PageRenderer pages)
    {
        IReadOnlyList<Agency> agencies = await directory.ListAgenciesAsync(context.RequestAborted);
        List<Choice> people = [];
        foreach (string agencyId in agencies.Select(a => a.AgencyId).Append(Agency.BoardId))
        {
            string name = agencies.FirstOrDefault(a => a.AgencyId == agencyId)?.Name ?? "Safeguarding board";
            people.AddRange((await directory.ListPeopleAsync(agencyId, context.RequestAborted))
                .Where(p => p.Active)
                .Select(p => new Choice(p.SignInName, p.DisplayName + " – " + Navigation.Describe(p.Roles) + ", " + name)));
        }

        DevelopmentSignInModel model = new(SafeReturnPath(context.Request.Query["post_login_redirect_uri"]), people);
        return await pages.RenderAsync<DevelopmentSignInPage, DevelopmentSignInModel>(PageContext.Anonymous, model);
    }

    static async Task<IResult> SignInAsync(HttpContext context, IPeopleDirectory directory, DevelopmentCookie cookie)
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

        cookie.Set(context.Response, signInName);
        return Results.Redirect(SafeReturnPath(form["returnTo"]));
    }

    /// <summary>
    /// Where the service's sign-out sends the browser, as App Service Authentication's own page would be. The session
    /// already ended with the POST (<see cref="LocalAuthenticationMiddleware"/>): a GET here, from a link or an image
    /// on another site, signs nobody out.
    /// </summary>
    static IResult SignedOut() => Results.Redirect(PlatformPaths.SignIn);

    /// <summary>Only local paths: an open redirect would let a link send people elsewhere after signing in.</summary>
    static string SafeReturnPath(string? path) =>
        path is { Length: > 1 } p && p[0] == '/' && p[1] != '/' && p[1] != '\\' && !p.Any(c => char.IsControl(c) || c == '\\')
            && Uri.TryCreate(p, UriKind.Relative, out _)
            ? p
            : "/home";
}

/// <param name="ReturnTo">Where to go once signed in (a local path).</param>
/// <param name="People">Everyone in the directory, by agency: the sign-in name and who they are.</param>
public sealed record DevelopmentSignInModel(string ReturnTo, IReadOnlyList<Choice> People);
