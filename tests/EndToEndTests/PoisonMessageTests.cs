using System.Globalization;
using System.Text.Json;
using Azure.Storage.Queues;
using EsafetyServerless.Local.Azurite;
using EsafetyServerless.TestSupport;

namespace EsafetyServerless.EndToEndTests;

/// <summary>
/// A control-queue message the durable engine can never process (here: one that is not a durable message at all) is
/// retried by the engine with a growing delay; after the runtime's limit of deliveries it is set aside, counted on
/// the health report, and no longer retried, while the runtime stays healthy.
/// </summary>
public sealed class PoisonMessageTests
{
    [Fact]
    public async Task A_control_queue_message_that_always_fails_is_set_aside_and_counted_on_the_health_report()
    {
        // Three deliveries (the engine waits 2, 4 and 8 s between them) instead of the runtime's default twelve.
        await using LocalRuntimeProcess runtime = LocalRuntimeProcess.CreateIsolated(new Dictionary<string, string>
        {
            ["Local__PoisonMessageMaxDequeueCount"] = "3",
        });
        await runtime.StartAsync();
        QueueClient control = new QueueServiceClient(AzuriteProcess.ConnectionStringFor(
            Port(runtime, "Local__AzuriteBlobPort"), Port(runtime, "Local__AzuriteQueuePort"), Port(runtime, "Local__AzuriteTablePort")))
            .GetQueueClient("esafetyhub-control-00");

        await control.SendMessageAsync("this is not a durable task message");

        JsonElement health = default;
        bool setAside = false;
        for (DateTime giveUpAt = DateTime.UtcNow.AddSeconds(90); !setAside && DateTime.UtcNow < giveUpAt;)
        {
            await Task.Delay(1000);
            using HttpResponseMessage response = await runtime.Http.GetAsync(new Uri("api/health", UriKind.Relative));
            health = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            setAside = health.GetProperty("parts").TryGetProperty("durableMessagesSetAside", out JsonElement part)
                && part.GetProperty("detail").GetString()!.StartsWith("1 ", StringComparison.Ordinal);
        }

        Assert.True(setAside, "not set aside: " + health.ToString());
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        // The count includes messages waiting out a visibility delay, so the poisoned one would stay counted; the
        // runtime's own work (the engine's messages for jobs it starts) passes through and leaves the queue empty.
        int left = (await control.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        for (DateTime giveUpAt = DateTime.UtcNow.AddSeconds(30); left != 0 && DateTime.UtcNow < giveUpAt;)
        {
            await Task.Delay(500);
            left = (await control.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        }

        Assert.Equal(0, left);
    }

    static int Port(LocalRuntimeProcess runtime, string setting) => int.Parse(runtime.Settings[setting], CultureInfo.InvariantCulture);
}
