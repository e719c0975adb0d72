using EsafetyServerless.Workflows.Reviews;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EsafetyServerless.Http.Reviews;

public static class ReviewServices
{
    /// <summary>
    /// The review scan's starter over the host's durable client. The local runtime has the client in DI; the Functions
    /// app gets it from the timer's <c>[DurableClient]</c> binding and builds the scan itself.
    /// </summary>
    public static IServiceCollection AddReviewServices(this IServiceCollection services)
    {
        services.AddScoped<IReviewStarter>(sp => new DurableReviewStarter(sp.GetRequiredService<DurableTaskClient>()));
        services.AddScoped<ReviewCompletionService>();
        services.AddScoped<ComplianceReader>();
        return services;
    }
}
