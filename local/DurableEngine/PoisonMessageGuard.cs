using System.Globalization;
using System.Xml.Linq;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using EsafetyServerless.Workflows.Platform.Health;

namespace EsafetyServerless.Local.DurableEngine;

/// <summary>
/// Sets aside a task hub message the durable engine keeps failing on. The Azure Storage provider (DTFx 2.11) has no
/// limit of its own: a message it cannot process is abandoned with a visibility delay of 2^n seconds for its n-th
/// delivery, capped at 10 minutes, logged from then on as <c>PoisonMessageDetected</c> (event 109), and retried for ever
/// (<c>TaskHubQueue.AbandonMessageAsync</c>). This Azure SDK pipeline policy sits on the queue client the engine is
/// given and reads each dequeue of its control and work-item queues: a message delivered more than
/// <see cref="MaxDequeueCount"/> times is copied to the blob container <c>{hub}-poison</c> (blob
/// <c>{queue}/{message id}</c>, the message text as it was, its dequeue count and when in the metadata), deleted from
/// its queue with the pop receipt of that delivery, and removed from the response, so the engine never sees it again.
/// If anything fails the response is left as it was and the engine goes on as before.
/// </summary>
public sealed partial class PoisonMessageGuard : HttpPipelinePolicy
{
    /// <summary>The default limit: with the engine's back-off, about 37 minutes of retries.</summary>
    public const int DefaultMaxDequeueCount = 12;

    readonly string controlQueuePrefix;
    readonly string workItemQueue;
    readonly QueueServiceClient queues;
    readonly BlobContainerClient setAside;
    readonly ILogger logger;

    /// <param name="queues">A client without this policy, for deleting what is set aside.</param>
    public PoisonMessageGuard(string taskHubName, int maxDequeueCount, QueueServiceClient queues, BlobServiceClient blobs, ILogger<PoisonMessageGuard> logger)
    {
        ArgumentNullException.ThrowIfNull(taskHubName);
        ArgumentNullException.ThrowIfNull(blobs);
        string hub = taskHubName.ToLowerInvariant();
        this.controlQueuePrefix = hub + "-control-";
        this.workItemQueue = hub + "-workitems";
        this.MaxDequeueCount = maxDequeueCount;
        this.queues = queues;
        this.setAside = blobs.GetBlobContainerClient(ContainerName(taskHubName));
        this.logger = logger;
    }

    /// <summary>Deliveries after which a message is set aside.</summary>
    public int MaxDequeueCount { get; }

    public static string ContainerName(string taskHubName)
    {
        ArgumentNullException.ThrowIfNull(taskHubName);
        return taskHubName.ToLowerInvariant() + "-poison";
    }

    /// <summary>The engine's queue calls are asynchronous; a synchronous call passes through untouched.</summary>
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) => ProcessNext(message, pipeline);

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        await ProcessNextAsync(message, pipeline);
        if (this.DequeuedFrom(message) is { } queueName && message.Response.ContentStream is { } body)
        {
            await this.SetAsideAsync(message, queueName, body);
        }
    }

    /// <summary>The task hub queue this request dequeued from (a GET of its messages that is not a peek), or null.</summary>
    string? DequeuedFrom(HttpMessage message)
    {
        if (message.Request.Method != RequestMethod.Get || message.Response.Status != 200 || !message.HasResponse)
        {
            return null;
        }

        string[] segments = message.Request.Uri.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2 || segments[^1] != "messages" || message.Request.Uri.Query.Contains("peekonly=true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string queue = segments[^2];
        return queue.StartsWith(this.controlQueuePrefix, StringComparison.Ordinal) || queue == this.workItemQueue ? queue : null;
    }

    async Task SetAsideAsync(HttpMessage message, string queueName, Stream body)
    {
        MemoryStream original = new();
        await body.CopyToAsync(original);
        original.Position = 0;
        message.Response.ContentStream = original;
        try
        {
            XDocument list = XDocument.Load(original);
            List<XElement> poisoned = list.Root?.Elements("QueueMessage")
                .Where(m => long.TryParse(m.Element("DequeueCount")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out long count) && count > this.MaxDequeueCount)
                .ToList() ?? [];
            if (poisoned.Count == 0)
            {
                original.Position = 0;
                return;
            }

            await this.setAside.CreateIfNotExistsAsync();
            QueueClient queue = this.queues.GetQueueClient(queueName);
            foreach (XElement item in poisoned)
            {
                string id = item.Element("MessageId")!.Value;
                string dequeueCount = item.Element("DequeueCount")!.Value;
                await this.setAside.GetBlobClient(queueName + "/" + id).UploadAsync(BinaryData.FromString(item.Element("MessageText")?.Value ?? string.Empty), new BlobUploadOptions
                {
                    Metadata = new Dictionary<string, string>
                    {
                        ["dequeueCount"] = dequeueCount,
                        ["setAsideAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                    },
                });
                await queue.DeleteMessageAsync(id, item.Element("PopReceipt")!.Value);
                item.Remove();
                LogSetAside(this.logger, queueName, id, dequeueCount);
            }

            MemoryStream rest = new();
            list.Save(rest, SaveOptions.DisableFormatting);
            rest.Position = 0;
            message.Response.ContentStream = rest;
        }
#pragma warning disable CA1031 // Whatever fails here, the engine must get its response as it came.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogSetAsideFailed(this.logger, ex, queueName);
            original.Position = 0;
            message.Response.ContentStream = original;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Durable engine message {MessageId} in {Queue} failed {DequeueCount} deliveries: set aside in the poison container, no longer retried")]
    static partial void LogSetAside(ILogger logger, string queue, string messageId, string dequeueCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not set aside a poisoned message from {Queue}; the engine retries it as before")]
    static partial void LogSetAsideFailed(ILogger logger, Exception exception, string queue);
}

/// <summary>The health report counts the durable engine's messages set aside by <see cref="PoisonMessageGuard"/>: each needs an operator.</summary>
public sealed class SetAsideMessagesProbe(BlobServiceClient blobs, string taskHubName) : IHealthProbe
{
    public const string PartName = "durableMessagesSetAside";

    public string Part => PartName;

    public async Task<HealthProbeResult> CheckAsync(CancellationToken cancellationToken)
    {
        BlobContainerClient container = blobs.GetBlobContainerClient(PoisonMessageGuard.ContainerName(taskHubName));
        int count = 0;
        try
        {
            await foreach (BlobItem _ in container.GetBlobsAsync(cancellationToken: cancellationToken))
            {
                count++;
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No container: nothing was ever set aside.
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or AggregateException or OperationCanceledException)
        {
            return HealthProbeResult.Down("blob storage unreachable: " + ex.GetType().Name);
        }

        // Information, not a failure: the engine works; the set-aside messages' workflows need an operator.
        return HealthProbeResult.Up(count == 0
            ? "0 messages set aside"
            : string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? "message" : "messages")} set aside in {container.Name}: the engine could not process them; inspect and resend or delete them"));
    }
}
