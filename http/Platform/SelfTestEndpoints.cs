using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.SelfTest;
using Microsoft.AspNetCore.Http;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Http.Platform;

/// <summary><c>POST /api/platform/self-tests?confirmationWindowSeconds=…</c>: starts a deployment self-test run.</summary>
[Endpoint("POST", "api/platform/self-tests", PlatformPermissions.SelfTesters)]
public sealed class StartSelfTestEndpoint(StartSelfTest startSelfTest) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        SelfTestDraft draft = new(request.Request.Query["confirmationWindowSeconds"]);
        Outcome<string> started = await startSelfTest.ExecuteAsync(request.SignedIn, draft, request.Aborted);
        return ApiResults.From(started, runId =>
            ApiResults.Json(new { runId, links = new { self = SelfTestPaths.Run(runId) } }, StatusCodes.Status202Accepted));
    }
}

/// <summary><c>GET /api/platform/self-tests/{runId}</c>: the run's state, its recorded steps and its outcome.</summary>
[Endpoint("GET", "api/platform/self-tests/{runId}", PlatformPermissions.SelfTesters)]
public sealed class GetSelfTestEndpoint(ReadSelfTest readSelfTest) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<SelfTestRun> read = await readSelfTest.ExecuteAsync(request.SignedIn, request.RouteValue("runId"), request.Aborted);
        return ApiResults.From(read, run => ApiResults.Json(new
        {
            run.RunId,
            runtimeStatus = run.RuntimeStatus.ToString(),
            run.Status,
            run.Steps,
            run.Outcome,
        }));
    }
}

/// <summary><c>POST /api/platform/self-tests/{runId}/confirmation</c>: confirms a waiting run.</summary>
[Endpoint("POST", "api/platform/self-tests/{runId}/confirmation", PlatformPermissions.SelfTesters)]
public sealed class ConfirmSelfTestEndpoint(ConfirmSelfTest confirmSelfTest) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string runId = request.RouteValue("runId");
        Outcome<Done> confirmed = await confirmSelfTest.ExecuteAsync(request.SignedIn, runId, request.Aborted);
        return ApiResults.From(confirmed, _ => Results.Accepted(SelfTestPaths.Run(runId)));
    }
}

static class SelfTestPaths
{
    public static string Run(string runId) => "/api/platform/self-tests/" + runId;
}
