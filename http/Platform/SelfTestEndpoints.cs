using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Workflows.Platform.SelfTest;
using Microsoft.AspNetCore.Http;
using System.Text.Json;
using EsafetyServerless.Workflows.Platform.Orchestration;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Http.Platform;

/// <summary><c>POST /api/platform/self-tests</c>: starts a deployment self-test run.</summary>
[Endpoint("POST", "api/platform/self-tests", Roles.Technician | Roles.BoardAdmin)]
public sealed class StartSelfTestEndpoint(TimeProvider timeProvider) : IEndpointHandler
{
    static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(30);
    static readonly TimeSpan LongestWindow = TimeSpan.FromDays(1);

    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        TimeSpan window = DefaultWindow;
        string? windowText = request.Request.Query["confirmationWindowSeconds"];
        if (windowText is not null)
        {
            if (!int.TryParse(windowText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int seconds)
                || seconds < 1 || TimeSpan.FromSeconds(seconds) > LongestWindow)
            {
                return Problems.BadRequest("confirmationWindowSeconds must be a whole number of seconds between 1 and 86400.",
                    new Dictionary<string, string[]> { ["confirmationWindowSeconds"] = ["Enter a number of seconds between 1 and 86400."] });
            }

            window = TimeSpan.FromSeconds(seconds);
        }

        string runId = "selftest-" + timeProvider.GetUtcNow().ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture)
            + "-" + Guid.NewGuid().ToString("N")[..8];
        await request.Signals.StartIfNewAsync(nameof(PlatformSelfTest), runId, new SelfTestInput(runId, window), restartIfFailed: false, request.Aborted);
        return Results.Json(
            new { runId, links = new { self = "/api/platform/self-tests/" + runId } },
            ApiJson.Options, statusCode: StatusCodes.Status202Accepted);
    }
}

/// <summary><c>GET /api/platform/self-tests/{runId}</c>: the run's state, its recorded steps and its outcome.</summary>
[Endpoint("GET", "api/platform/self-tests/{runId}", Roles.Technician | Roles.BoardAdmin)]
public sealed class GetSelfTestEndpoint(ISelfTestJournal journal) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string runId = request.RouteValue("runId");
        WorkflowState? instance = SelfTestRunIds.IsWellFormed(runId)
            ? await request.Signals.FindAsync(runId, withOutput: true, request.Aborted)
            : null;
        if (instance is null)
        {
            return Problems.NotFound("There is no self-test run with that id.");
        }

        IReadOnlyList<SelfTestStepRecorded> steps = await journal.ListAsync(runId, request.Aborted);
        SelfTestOutcome? outcome = instance is { Status: WorkflowRuntimeStatus.Completed, SerializedOutput: { } output }
            ? JsonSerializer.Deserialize<SelfTestOutcome>(output)
            : null;
        return Results.Json(new
        {
            runId,
            runtimeStatus = instance.Status.ToString(),
            status = instance.SerializedCustomStatus is { } custom ? JsonSerializer.Deserialize<string>(custom) : null,
            steps = steps.OrderBy(s => s.RecordedAt),
            outcome,
        }, ApiJson.Options);
    }
}

/// <summary><c>POST /api/platform/self-tests/{runId}/confirmation</c>: confirms a waiting run.</summary>
[Endpoint("POST", "api/platform/self-tests/{runId}/confirmation", Roles.Technician | Roles.BoardAdmin)]
public sealed class ConfirmSelfTestEndpoint : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string runId = request.RouteValue("runId");
        WorkflowState? instance = SelfTestRunIds.IsWellFormed(runId)
            ? await request.Signals.FindAsync(runId, withOutput: false, request.Aborted)
            : null;
        if (instance is null)
        {
            return Problems.NotFound("There is no self-test run with that id.");
        }

        if (instance.Status is not (WorkflowRuntimeStatus.Running or WorkflowRuntimeStatus.Pending))
        {
            return Problems.Create(StatusCodes.Status409Conflict, "The run is not waiting", "This self-test run has already finished.");
        }

        await request.Signals.RaiseAsync(runId, PlatformSelfTest.ConfirmedEvent, true, request.Aborted);
        return Results.Accepted("/api/platform/self-tests/" + runId);
    }
}

/// <summary>Self-test run ids are ours; anything else is refused before it reaches the engine.</summary>
static class SelfTestRunIds
{
    public static bool IsWellFormed(string runId) =>
        runId.StartsWith("selftest-", StringComparison.Ordinal) && runId.Length <= 64
        && runId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
