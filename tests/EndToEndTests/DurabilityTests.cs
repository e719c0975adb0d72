using System.Net;
using System.Text.Json;
using EsafetyServerless.Local.Seed;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Platform.SelfTest;

namespace EsafetyServerless.EndToEndTests;

/// <summary>
/// A crash (SIGKILL) of the local runtime loses nothing: an orchestration waiting for an event resumes after a
/// restart on the same data, and the activity results recorded before the crash are kept, not recomputed.
/// </summary>
public sealed class DurabilityTests
{
    static readonly string Admin = SampleBoard.BoardAdmin.SignInName;

    [Fact]
    public async Task A_waiting_orchestration_survives_SIGKILL_and_completes_after_restart_with_earlier_results_intact()
    {
        await using LocalRuntimeProcess first = LocalRuntimeProcess.CreateIsolated();
        await first.StartAsync();
        string firstInstance = first.HostInstance;

        string runId = await StartSelfTestAsync(first.Http);
        JsonElement waiting = await PollAsync(first.Http, runId, r => r.TryGetProperty("status", out JsonElement s) && s.GetString() == SelfTestStatus.AwaitingConfirmation);
        Assert.Equal(firstInstance, waiting.GetProperty("steps")[0].GetProperty("recordedBy").GetString());

        await first.KillAsync();

        // Same data folder and ports: the restarted runtime adopts the orphaned Azurite and its own partition lease.
        await using LocalRuntimeProcess second = LocalRuntimeProcess.CreateIsolated(first.Settings);
        await second.StartAsync();
        Assert.NotEqual(firstInstance, second.HostInstance);

        using HttpResponseMessage confirmed = await second.Http.SendAsync(
            LocalRuntimeProcess.As(Admin, HttpMethod.Post, $"/api/platform/self-tests/{runId}/confirmation"));
        Assert.Equal(HttpStatusCode.Accepted, confirmed.StatusCode);
        JsonElement done = await PollAsync(second.Http, runId, r => r.GetProperty("runtimeStatus").GetString() == "Completed");

        JsonElement outcome = done.GetProperty("outcome");
        Assert.True(outcome.GetProperty("confirmed").GetBoolean());
        Assert.Equal(firstInstance, outcome.GetProperty("started").GetProperty("recordedBy").GetString());
        Assert.Equal(second.HostInstance, outcome.GetProperty("finished").GetProperty("recordedBy").GetString());

        // The journal shows each step exactly once: the "started" activity was not run again after the crash.
        Assert.Equal(
            [SelfTestStepNames.Started, SelfTestStepNames.Confirmed],
            done.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("step").GetString()));
    }

    static async Task<string> StartSelfTestAsync(HttpClient http)
    {
        using HttpResponseMessage started = await http.SendAsync(
            LocalRuntimeProcess.As(Admin, HttpMethod.Post, "/api/platform/self-tests?confirmationWindowSeconds=3600"));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await started.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("runId").GetString()!;
    }

    static async Task<JsonElement> PollAsync(HttpClient http, string runId, Func<JsonElement, bool> until)
    {
        string last = string.Empty;
        for (int attempt = 0; attempt < 300; attempt++)
        {
            using HttpResponseMessage response = await http.SendAsync(LocalRuntimeProcess.As(Admin, HttpMethod.Get, $"/api/platform/self-tests/{runId}"));
            last = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                JsonElement run = JsonDocument.Parse(last).RootElement.Clone();
                if (until(run))
                {
                    return run;
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The self-test run did not reach the expected state. Last answer: " + last);
    }
}
