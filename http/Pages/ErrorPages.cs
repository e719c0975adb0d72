using EsafetyServerless.Workflows.Platform;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Pages;

/// <param name="SignInHref">Where to sign in, on the page shown to someone not signed in.</param>
/// <param name="OfferSignOut">A session the directory refused (a leaver, someone not added yet): the way on is to sign out, not the start page.</param>
public sealed record ErrorPageModel(string Title, string Heading, string Detail, string? SignInHref = null, bool OfferSignOut = false);

/// <summary>Pages for refusals and failures, so a browser shows a page (with its navigation) rather than problem JSON.</summary>
public static class ErrorPages
{
    public static Task<IResult> SignInRequiredAsync(this PageRenderer pages, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(pages);
        ArgumentNullException.ThrowIfNull(request);
        string returnTo = Uri.EscapeDataString(request.Path + request.QueryString);
        return pages.RenderAsync<ErrorPage, ErrorPageModel>(
            PageContext.Anonymous,
            new("Sign in", "Sign in to continue", "You need to sign in with your work account to use this service.",
                PlatformPaths.SignIn + "?post_login_redirect_uri=" + returnTo),
            StatusCodes.Status401Unauthorized);
    }

    public static Task<IResult> ForbiddenAsync(this PageRenderer pages, PageContext context, string detail)
    {
        ArgumentNullException.ThrowIfNull(pages);
        return pages.RenderAsync<ErrorPage, ErrorPageModel>(context, new("Not allowed", "You cannot see this page", detail), StatusCodes.Status403Forbidden);
    }

    /// <summary>403 for a signed-in account the directory refuses: nothing here will open, so the page offers to sign out.</summary>
    public static Task<IResult> RefusedAccountAsync(this PageRenderer pages, string detail)
    {
        ArgumentNullException.ThrowIfNull(pages);
        return pages.RenderAsync<ErrorPage, ErrorPageModel>(
            PageContext.Anonymous, new("Not allowed", "You cannot see this page", detail, OfferSignOut: true), StatusCodes.Status403Forbidden);
    }

    /// <summary>A page for a use case's failure (a form's field errors are shown on the form instead).</summary>
    public static Task<IResult> FailureAsync(this PageRenderer pages, PageContext context, Failure failure)
    {
        ArgumentNullException.ThrowIfNull(pages);
        ArgumentNullException.ThrowIfNull(failure);
        return failure.Kind switch
        {
            FailureKind.NotFound => pages.RenderAsync<ErrorPage, ErrorPageModel>(context, new("Page not found", "Page not found", failure.Detail), StatusCodes.Status404NotFound),
            FailureKind.Forbidden => pages.ForbiddenAsync(context, failure.Detail),
            FailureKind.Gone => pages.RenderAsync<ErrorPage, ErrorPageModel>(context, new(failure.Title, failure.Title, failure.Detail), StatusCodes.Status410Gone),
            FailureKind.Invalid => pages.RenderAsync<ErrorPage, ErrorPageModel>(context, new("There is a problem", "Sorry, there is a problem", failure.Detail), StatusCodes.Status400BadRequest),
            FailureKind.Conflict => pages.RenderAsync<ErrorPage, ErrorPageModel>(context, new(failure.Title, failure.Title, failure.Detail), StatusCodes.Status409Conflict),
            _ => pages.RenderAsync<ErrorPage, ErrorPageModel>(context, new(failure.Title, failure.Title, failure.Detail), StatusCodes.Status422UnprocessableEntity),
        };
    }

    /// <summary>A plain page for a refused or failed page request.</summary>
    public static Task<IResult> ProblemAsync(this PageRenderer pages, PageContext context, int statusCode, string detail)
    {
        ArgumentNullException.ThrowIfNull(pages);
        string heading = statusCode == StatusCodes.Status404NotFound ? "Page not found" : "Sorry, there is a problem";
        return pages.RenderAsync<ErrorPage, ErrorPageModel>(context, new(statusCode == StatusCodes.Status404NotFound ? "Page not found" : "There is a problem", heading, detail), statusCode);
    }
}
