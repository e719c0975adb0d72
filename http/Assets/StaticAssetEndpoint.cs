using EsafetyServerless.Http.Endpoints;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Assets;

/// <summary>
/// <c>GET /assets/{*path}</c>: GOV.UK Frontend's stylesheet, fonts and images, served from the app's own output so
/// pages need no CDN. Only files under wwwroot/assets are reachable.
/// </summary>
[Endpoint("GET", "assets/{*path}", Anonymous = true)]
public sealed class StaticAssetEndpoint : IEndpointHandler
{
    static readonly string Root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "wwwroot", "assets")) + Path.DirectorySeparatorChar;

    static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".css"] = "text/css; charset=utf-8",
        [".woff2"] = "font/woff2",
        [".woff"] = "font/woff",
        [".png"] = "image/png",
        [".svg"] = "image/svg+xml",
        [".ico"] = "image/x-icon",
        [".json"] = "application/json",
    };

    public Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string relative = request.RouteValue("path");
        string full = Path.GetFullPath(Path.Combine(Root, relative));
        if (!full.StartsWith(Root, StringComparison.Ordinal)
            || !ContentTypes.TryGetValue(Path.GetExtension(full), out string? contentType)
            || !File.Exists(full))
        {
            return Task.FromResult(Problems.NotFound("There is no such asset."));
        }

        request.HttpContext.Response.Headers.CacheControl = "public, max-age=86400";
        return Task.FromResult(Results.File(full, contentType));
    }
}
