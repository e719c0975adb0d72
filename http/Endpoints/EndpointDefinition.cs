using EsafetyServerless.Http.Security;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Endpoints;

/// <summary>One HTTP endpoint: its function name, method, route, who may call it and the handler that serves it.</summary>
public sealed record EndpointDefinition(string Name, string Method, string Route, Access Access, Type HandlerType);

/// <summary>What a handler gets: the request and the signed-in actor (null only on anonymous endpoints).</summary>
public sealed record EndpointRequest(HttpContext HttpContext, Actor? Actor)
{
    public HttpRequest Request => this.HttpContext.Request;

    public CancellationToken Aborted => this.HttpContext.RequestAborted;

    /// <summary>The actor of an endpoint that requires sign-in (the pipeline guarantees one).</summary>
    public Actor SignedIn => this.Actor ?? throw new InvalidOperationException("This endpoint requires a signed-in actor.");

    /// <summary>The address the request came from, for the audit trail (<see cref="ClientAddress"/>).</summary>
    public string? From => ClientAddress.Of(this.Request);

    public string RouteValue(string name) =>
        this.HttpContext.Request.RouteValues[name]?.ToString() ?? string.Empty;
}

/// <summary>A handler of one endpoint, resolved from DI per request.</summary>
public interface IEndpointHandler
{
    Task<IResult> HandleAsync(EndpointRequest request);
}
