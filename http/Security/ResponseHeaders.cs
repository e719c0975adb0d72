using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Security;

/// <summary>
/// The browser defences every answer carries, pages and API alike, in both hosts (set before the handler runs, so a
/// handler may relax only what it must: public assets are cacheable).
/// </summary>
public static class ResponseHeaders
{
    /// <summary>
    /// The pages use no script at all and only the service's own stylesheet, fonts and images (GOV.UK Frontend's,
    /// served from <c>/assets</c>); nothing may frame them, and forms post only to the service itself.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; manifest-src 'self'; form-action 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'";

    /// <summary>HSTS for a year, sent over HTTPS only (in Azure; the local runtime speaks plain HTTP on loopback).</summary>
    public const string StrictTransportSecurity = "max-age=31536000; includeSubDomains";

    public static void Apply(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        IHeaderDictionary headers = httpContext.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";

        // Signed links (a referral's acknowledgement, a one-time download) must not leak to another site through Referer.
        headers["Referrer-Policy"] = "no-referrer";

        // Children's data: nothing the service answers is kept by the browser or a proxy, unless a handler says otherwise.
        headers.CacheControl = "no-store";
        if (httpContext.Request.IsHttps)
        {
            headers.StrictTransportSecurity = StrictTransportSecurity;
        }
    }
}
