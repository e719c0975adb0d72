using EsafetyServerless.Http.Security;

namespace EsafetyServerless.Local.Identity;

/// <summary>
/// Stands in for App Service Authentication. While the runtime listens on loopback only, a request's own
/// <c>X-MS-CLIENT-PRINCIPAL</c> header is honoured (scripts and tests act as any seeded person), and the development
/// sign-in cookie is turned into that header. On any other address the header is stripped, as the platform does.
/// </summary>
public sealed class LocalAuthenticationMiddleware(RequestDelegate next, LocalRuntimeOptions options)
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

        if (!context.Request.Headers.ContainsKey(ClientPrincipal.HeaderName)
            && context.Request.Cookies.TryGetValue(CookieName, out string? signInName)
            && !string.IsNullOrWhiteSpace(signInName))
        {
            context.Request.Headers[ClientPrincipal.HeaderName] = ClientPrincipal.ForSignInName(signInName).ToHeaderValue();
        }

        return next(context);
    }

    static bool IsLoopbackHost(string host) =>
        host is "127.0.0.1" or "localhost" or "[::1]" or "::1";
}
