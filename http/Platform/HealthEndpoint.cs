using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Health;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Platform;

/// <summary>
/// <c>GET /api/health</c>: storage, queues and the durable engine, each up or down (<see cref="CheckHealth"/>). 200
/// when all are up, 503 naming the failing parts otherwise. Also shows when the scheduler last ran, for information.
/// </summary>
[Endpoint("GET", "api/health", Anonymous = true)]
public sealed class HealthEndpoint(CheckHealth checkHealth) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<HealthReport> checkedHealth = await checkHealth.ExecuteAsync(request.Aborted);
        return ApiResults.From(checkedHealth, report =>
            ApiResults.Json(report, report.Failing.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable));
    }
}
