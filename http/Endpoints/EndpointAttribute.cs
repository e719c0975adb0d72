using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Http.Endpoints;

/// <summary>
/// Declares an HTTP endpoint on the class that handles it — the one place its method, route and roles are written.
/// Its name is the class name without "Endpoint". The local runtime maps every declaration
/// (<see cref="EndpointCatalog"/>); the Functions app's triggers are generated from the same declarations at build
/// time (<c>generators/FunctionTriggers</c>).
/// </summary>
/// <param name="method">GET, POST, PUT, PATCH or DELETE.</param>
/// <param name="route">The route without a leading slash; <c>api/</c> is part of it (host.json sets no prefix).</param>
/// <param name="roles">Who may call it once signed in. Agency scoping and finer rules are the use case's.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class EndpointAttribute(string method, string route, Roles roles) : Attribute
{
    /// <summary>An endpoint that needs no sign-in: set <see cref="Anonymous"/> as well, so it is never an accident.</summary>
    public EndpointAttribute(string method, string route)
        : this(method, route, Roles.None)
    {
    }

    public string Method { get; } = method;

    public string Route { get; } = route;

    public Roles Roles { get; } = roles;

    /// <summary>No sign-in: the endpoint authenticates its caller itself (a webhook's signature, a signed link) or serves public assets.</summary>
    public bool Anonymous { get; init; }
}
