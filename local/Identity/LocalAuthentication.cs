using EsafetyServerless.Http;
using EsafetyServerless.Http.Security;
using Microsoft.AspNetCore.DataProtection;

namespace EsafetyServerless.Local.Identity;

/// <summary>
/// Stands in for App Service Authentication. While the runtime listens on loopback only, a request's own
/// <c>X-MS-CLIENT-PRINCIPAL</c> header is honoured (scripts and tests act as any seeded person), and the development
/// sign-in cookie is turned into that header. On any other address the header is stripped, as the platform does.
/// The cookie is the sign-in name protected with ASP.NET Core Data Protection: a cookie typed by hand, or taken from
/// another machine's runtime, signs nobody in. Signing out is a POST of the pages' sign-out form from this site.
/// </summary>
public sealed class LocalAuthenticationMiddleware(RequestDelegate next, LocalRuntimeOptions options, DevelopmentCookie cookie)
{
    public const string CookieName = "esafety-dev-signin";

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Off loopback, or reached under another host name (a DNS-rebinding page), nobody is signed in.
        if (!options.IsLoopbackOnly || !IsLoopbackHost(context.Request.Host.Host))
        {
            context.Request.Headers.Remove(ClientPrincipal.HeaderName);
            return next(context);
        }

        if (!context.Request.Headers.ContainsKey(ClientPrincipal.HeaderName) && cookie.SignInNameOf(context.Request) is { } signInName)
        {
            context.Request.Headers[ClientPrincipal.HeaderName] = ClientPrincipal.ForSignInName(signInName).ToHeaderValue();
        }

        // The pages' "Sign out" posts to the service's sign-out endpoint, which sends the browser on to the platform's
        // sign-out page; locally, this is where the session ends, and only for a form posted from this site.
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path == PlatformPaths.SignOutForm && !CrossSitePosts.IsCrossSite(context.Request))
        {
            DevelopmentCookie.Clear(context.Response);
        }

        return next(context);
    }

    static bool IsLoopbackHost(string host) =>
        host is "127.0.0.1" or "localhost" or "[::1]" or "::1";
}

/// <summary>The development sign-in cookie: the sign-in name, protected (encrypted and signed) with Data Protection.</summary>
public sealed class DevelopmentCookie(IDataProtectionProvider dataProtection)
{
    readonly IDataProtector protector = dataProtection.CreateProtector("EsafetyServerless.Local.DevelopmentSignIn.v1");

    static CookieOptions Options => new() { HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true, Path = "/" };

    public void Set(HttpResponse response, string signInName)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Append(LocalAuthenticationMiddleware.CookieName, this.protector.Protect(signInName), Options);
    }

    public static void Clear(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Delete(LocalAuthenticationMiddleware.CookieName, Options);
    }

    /// <summary>The sign-in name the request's cookie carries; null without one, or when it was not made by this runtime.</summary>
    public string? SignInNameOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Cookies.TryGetValue(LocalAuthenticationMiddleware.CookieName, out string? value) || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        try
        {
            return this.protector.Unprotect(value) is { Length: > 0 } name ? name : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
