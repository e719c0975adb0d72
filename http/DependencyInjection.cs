using EsafetyServerless.Http.Endpoints;
using Microsoft.Extensions.DependencyInjection;

namespace EsafetyServerless.Http;

public static class DependencyInjection
{
    /// <summary>Registers the HTTP pipeline and every endpoint handler of <see cref="EndpointCatalog"/>.</summary>
    public static IServiceCollection AddEsafetyHttp(this IServiceCollection services)
    {
        services.AddSingleton<HttpApi>();
        services.AddSingleton<AuditRecorder>();
        foreach (EndpointDefinition endpoint in EndpointCatalog.All)
        {
            services.AddScoped(endpoint.HandlerType);
        }

        return services;
    }
}
