using System.Reflection;
using EsafetyServerless.Http.Security;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Http.Endpoints;

/// <summary>
/// Every endpoint, read from the <see cref="EndpointAttribute"/> declarations on the handlers of this assembly. The
/// local runtime maps <see cref="All"/>; the Functions app's triggers are generated from the same declarations at
/// build time, and a test holds the two to the same names, routes and methods.
/// </summary>
public static class EndpointCatalog
{
    const string HandlerSuffix = "Endpoint";

    public static IReadOnlyList<EndpointDefinition> All => AllEndpoints.Value;

    static readonly Lazy<IReadOnlyList<EndpointDefinition>> AllEndpoints = new(() =>
        typeof(EndpointCatalog).Assembly.GetTypes()
            .Select(type => (Type: type, Declaration: type.GetCustomAttribute<EndpointAttribute>()))
            .Where(t => t.Declaration is not null)
            .Select(t => Define(t.Type, t.Declaration!))
            .OrderBy(e => e.Route, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal)
            .ToList());

    /// <summary>The endpoint <typeparamref name="THandler"/> serves.</summary>
    public static EndpointDefinition Of<THandler>()
        where THandler : IEndpointHandler =>
        All.Single(e => e.HandlerType == typeof(THandler));

    /// <summary>Checks one declaration; a mistake stops the host at start, not at the first request.</summary>
    public static EndpointDefinition Define(Type handlerType, EndpointAttribute declaration)
    {
        ArgumentNullException.ThrowIfNull(handlerType);
        ArgumentNullException.ThrowIfNull(declaration);
        if (!typeof(IEndpointHandler).IsAssignableFrom(handlerType) || !handlerType.Name.EndsWith(HandlerSuffix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{handlerType.Name} declares an endpoint: it must implement {nameof(IEndpointHandler)} and end in \"{HandlerSuffix}\".");
        }

        if (declaration.Anonymous == (declaration.Roles != Roles.None))
        {
            throw new InvalidOperationException($"{handlerType.Name} must either name the roles that may call it or be declared Anonymous, not both or neither.");
        }

        if (declaration.Method is not ("GET" or "POST" or "PUT" or "PATCH" or "DELETE") || declaration.Route.StartsWith('/'))
        {
            throw new InvalidOperationException($"{handlerType.Name}: the method must be an upper-case HTTP method and the route must not start with '/'.");
        }

        Access access = declaration.Anonymous ? Access.Anonymous : new Access(false, declaration.Roles);
        return new EndpointDefinition(handlerType.Name[..^HandlerSuffix.Length], declaration.Method, declaration.Route, access, handlerType);
    }
}
