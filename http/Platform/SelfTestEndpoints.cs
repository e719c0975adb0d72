using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Workflows.Platform.SelfTest;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace EsafetyServerless.Http.Platform;

/// <summary><c>POST /api/platform/self-tests</c>: starts a deployment self-test run.</summary>
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
        await request.Durable.ScheduleNewOrchestrationInstanceAsync(
            nameof(PlatformSelfTest), new SelfTestInput(runId, window), new StartOrchestrationOptions(runId), request.Aborted);
        return Results.Json(
            new { runId, links = new { self = "/" + Routes.SelfTest.Replace("{runId}", runId, StringComparison.Ordinal) } },
            ApiJson.Options, statusCode: StatusCodes.Status202Accepted);
    }
}

/// <summary><c>GET /api/platform/self-tests/{runId}</c>: the run's state, its recorded steps and its outcome.</summary>
public sealed class GetSelfTestEndpoint(ISelfTestJournal journal) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string runId = request.RouteValue("runId");
        OrchestrationMetadata? instance = SelfTestRunIds.IsWellFormed(runId)
            ? await request.Durable.GetInstanceAsync(runId, getInputsAndOutputs: true, request.Aborted)
            : null;
        if (instance is null)
        {
            return Problems.NotFound("There is no self-test run with that id.");
        }

        IReadOnlyList<SelfTestStepRecorded> steps = await journal.ListAsync(runId, request.Aborted);
        SelfTestOutcome? outcome = instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed
            ? instance.ReadOutputAs<SelfTestOutcome>()
            : null;
        return Results.Json(new
        {
            runId,
            runtimeStatus = instance.RuntimeStatus.ToString(),
            status = instance.ReadCustomStatusAs<string>(),
            steps = steps.OrderBy(s => s.RecordedAt),
            outcome,
        }, ApiJson.Options);
    }
}

/// <summary><c>POST /api/platform/self-tests/{runId}/confirmation</c>: confirms a waiting run.</summary>
public sealed class ConfirmSelfTestEndpoint : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string runId = request.RouteValue("runId");
        OrchestrationMetadata? instance = SelfTestRunIds.IsWellFormed(runId)
            ? await request.Durable.GetInstanceAsync(runId, getInputsAndOutputs: false, request.Aborted)
            : null;
        if (instance is null)
        {
            return Problems.NotFound("There is no self-test run with that id.");
        }

        if (instance.RuntimeStatus is not (OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending))
        {
            return Problems.Create(StatusCodes.Status409Conflict, "The run is not waiting", "This self-test run has already finished.");
        }

        await request.Durable.RaiseEventAsync(runId, PlatformSelfTest.ConfirmedEvent, true, request.Aborted);
        return Results.Accepted("/" + Routes.SelfTest.Replace("{runId}", runId, StringComparison.Ordinal));
    }
}

/// <summary>Self-test run ids are ours; anything else is refused before it reaches the engine.</summary>
static class SelfTestRunIds
{
    public static bool IsWellFormed(string runId) =>
        runId.StartsWith("selftest-", StringComparison.Ordinal) && runId.Length <= 64
        && runId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
