using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Http.Pages;

/// <summary>What every page knows besides its own model: who is signed in (null for a link holder with no account).</summary>
public sealed record PageContext(Actor? Actor)
{
    public static PageContext Anonymous { get; } = new((Actor?)null);

    public static PageContext For(Endpoints.EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new PageContext(request.Actor);
    }
}
