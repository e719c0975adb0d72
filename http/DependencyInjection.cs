using Microsoft.Extensions.DependencyInjection.Extensions;
using EsafetyServerless.Http.Endpoints;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using EsafetyServerless.Workflows.Audit;

namespace EsafetyServerless.Http;

public static class DependencyInjection
{
    /// <summary>Registers the HTTP pipeline and every endpoint handler of <see cref="EndpointCatalog"/>.</summary>
    public static IServiceCollection AddEsafetyHttp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection(Intake.InboundEmailOptions.SectionName).Get<Intake.InboundEmailOptions>() ?? new());
        services.AddSingleton<HttpApi>();

        // The local runtime's trust; the Functions app replaces it with App Service Authentication's (PrincipalTrust.ForAppService).
        services.TryAddSingleton(Security.PrincipalTrust.Loopback);
        services.AddScoped<Pages.PageRenderer>();
        services.AddScoped<Incidents.IncidentPageView>();
        services.AddScoped<Incidents.CorrectionPageView>();
        services.AddScoped<Incidents.PostIncidentReviewPageView>();
        services.AddScoped<Evidence.EvidencePageView>();
        services.AddScoped<Evidence.RetentionPageView>();
        services.AddScoped<Reviews.RegisterItemPageView>();
        foreach (Type handler in EndpointCatalog.All.Select(e => e.HandlerType).Distinct())
        {
            services.AddScoped(handler);
        }

        return services;
    }
}
