using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Security;

/// <summary>The one rule for telling a browser's post from another site: the service's pipeline and the local runtime's sign-out use it.</summary>
public static class CrossSitePosts
{
    /// <summary>
    /// Cross-site request forgery defence for every POST, pages and API alike (some API posts carry no body, so a
    /// foreign page's plain form could send them with the sign-in cookie): a browser marks where a request comes from
    /// with <c>Sec-Fetch-Site</c> and <c>Origin</c>, and a post from another site is refused. Scripts, tests and
    /// webhooks send neither header.
    /// </summary>
    public static bool IsCrossSite(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!HttpMethods.IsPost(request.Method))
        {
            return false;
        }

        string fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite is "cross-site" or "same-site")
        {
            return true;
        }

        // The browser vouches for it: with Referrer-Policy no-referrer it sends "Origin: null" even from our own pages.
        if (fetchSite is "same-origin" or "none")
        {
            return false;
        }

        string origin = request.Headers.Origin.ToString();
        return origin.Length > 0
            && !(Uri.TryCreate(origin, UriKind.Absolute, out Uri? from) && string.Equals(from.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
    }
}
