using EsafetyServerless.Http.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace EsafetyServerless.Http.Endpoints;

/// <summary>One HTTP endpoint: its function name, method, route, who may call it and the handler that serves it.</summary>
public sealed record EndpointDefinition(string Name, string Method, string Route, Access Access, Type HandlerType);

/// <summary>What a handler gets: the request, the signed-in actor (null only on anonymous endpoints) and the durable client.</summary>
public sealed record EndpointRequest(HttpContext HttpContext, Actor? Actor, DurableTaskClient Durable)
{
    public HttpRequest Request => this.HttpContext.Request;

    public CancellationToken Aborted => this.HttpContext.RequestAborted;

    /// <summary>The actor of an endpoint that requires sign-in (the pipeline guarantees one).</summary>
    public Actor SignedIn => this.Actor ?? throw new InvalidOperationException("This endpoint requires a signed-in actor.");

    public string RouteValue(string name) =>
        this.HttpContext.Request.RouteValues[name]?.ToString() ?? string.Empty;
}

/// <summary>A handler of one endpoint, resolved from DI per request.</summary>
public interface IEndpointHandler
{
    Task<IResult> HandleAsync(EndpointRequest request);
}
