using EsafetyServerless.Adapters.Orchestration;
using EsafetyServerless.Http.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EsafetyServerless.Functions;

/// <summary>
/// The HTTP triggers: one per endpoint declaration, generated at build time into <c>obj/HttpFunctions.g.cs</c> by
/// <c>tools/FunctionTriggers</c> (named after the endpoint, on its route). Authentication is App Service
/// Authentication's job (it sets X-MS-CLIENT-PRINCIPAL), so every trigger is anonymous at the host and the shared
/// pipeline authorizes, exactly as in the local runtime.
/// </summary>
public sealed partial class HttpFunctions(HttpApi api)
{
    static readonly Dictionary<Type, EndpointDefinition> ByHandler = EndpointCatalog.All.ToDictionary(e => e.HandlerType);

    /// <summary>Hands the invocation's durable client to the request's services, then runs the shared pipeline.</summary>
    Task<IResult> InvokeAsync(Type handlerType, HttpRequest request, DurableTaskClient durable)
    {
        request.HttpContext.RequestServices.GetRequiredService<InvocationDurableClientSource>().Client = durable;
        return api.InvokeAsync(ByHandler[handlerType], request.HttpContext);
    }
}
