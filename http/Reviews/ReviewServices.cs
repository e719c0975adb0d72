using EsafetyServerless.Workflows.Reviews;
using Microsoft.Extensions.DependencyInjection;

namespace EsafetyServerless.Http.Reviews;

public static class ReviewServices
{
    public static IServiceCollection AddReviewServices(this IServiceCollection services)
    {
        services.AddScoped<ReviewCompletionService>();
        services.AddScoped<ComplianceReader>();
        return services;
    }
}
