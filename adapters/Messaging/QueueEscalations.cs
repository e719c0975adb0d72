using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using EsafetyServerless.Workflows.Escalation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EsafetyServerless.Adapters.Messaging;

/// <summary>The local runtime's escalation transport: an Azure Storage queue (on Azurite), with a poison queue for dead letters.</summary>
public static class EscalationQueues
{
    public const string Name = "escalations";
    public const string DeadLetterName = "escalations-deadletter";
}

/// <summary>
/// Tells the consumer in this process that a message was just published, so it takes it at once instead of at its
/// next idle poll. A wake that comes while the consumer is polling is kept for its next wait.
/// </summary>
public sealed class EscalationQueueSignal
{
    TaskCompletionSource published = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Published() => Volatile.Read(ref this.published).TrySetResult();

    /// <summary>Called before each poll: a wake from here on ends the wait after it.</summary>
    internal void Arm()
    {
        TaskCompletionSource current = Volatile.Read(ref this.published);
        if (current.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref this.published, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), current);
        }
    }

    /// <summary>Waits for <paramref name="delay"/> on <paramref name="timeProvider"/>, or less if a message is published.</summary>
    internal async Task WaitAsync(TimeSpan delay, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        using CancellationTokenSource timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task elapsed = Task.Delay(delay, timeProvider, timer.Token);
        await Task.WhenAny(elapsed, Volatile.Read(ref this.published).Task);
        await timer.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }
}

/// <summary>Publishes escalations to the storage queue (Service Bus cannot run on one machine) and wakes this process's consumer.</summary>
public sealed class QueueEscalationChannel(QueueServiceClient queues, EscalationQueueSignal? signal = null) : IEscalationChannel
{
    public async Task PublishAsync(EscalationRequested message, CancellationToken cancellationToken)
    {
        QueueClient queue = queues.GetQueueClient(EscalationQueues.Name);
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await queue.SendMessageAsync(EscalationWire.Write(message), cancellationToken: cancellationToken);
        signal?.Published();
    }
}

/// <summary>
/// Polls the escalation queue and runs the same <see cref="EscalationMessageHandler"/> as the Service Bus consumer.
/// A message is deleted when settled; a retry leaves it invisible for the back-off delay; a dead letter moves it to
/// <see cref="EscalationQueues.DeadLetterName"/>. After a batch it polls again at once; when the queue is empty it
/// backs off to one poll every five seconds (low idle CPU), but a message published in this process wakes it at once,
/// and a retry that falls due sooner than the back-off shortens the wait to it.
/// </summary>
/// <param name="published">The wake-up its process's publisher rings; without one, the consumer only polls.</param>
public sealed partial class QueueEscalationConsumer(
    QueueServiceClient queues, EscalationMessageHandler handler, TimeProvider timeProvider, ILogger<QueueEscalationConsumer> logger, EscalationQueueSignal? published = null)
    : BackgroundService
{
    readonly EscalationQueueSignal signal = published ?? new();

    static readonly TimeSpan FirstIdlePoll = TimeSpan.FromMilliseconds(500);
    static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(5);
    static readonly TimeSpan Lock = TimeSpan.FromSeconds(60);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        QueueClient queue = queues.GetQueueClient(EscalationQueues.Name);
        QueueClient deadLetters = queues.GetQueueClient(EscalationQueues.DeadLetterName);
        TimeSpan idle = TimeSpan.Zero;
        DateTimeOffset? nextRetry = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                this.signal.Arm();
                await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                QueueMessage[] received = (await queue.ReceiveMessagesAsync(16, Lock, stoppingToken)).Value;
                foreach (QueueMessage message in received)
                {
                    if (await this.SettleAsync(queue, deadLetters, message, stoppingToken) is { } retryAfter)
                    {
                        DateTimeOffset due = timeProvider.GetUtcNow() + retryAfter;
                        nextRetry = nextRetry is { } earlier && earlier < due ? earlier : due;
                    }
                }

                if (received.Length > 0)
                {
                    idle = TimeSpan.Zero;
                    continue;
                }

                idle = idle == TimeSpan.Zero ? FirstIdlePoll : TimeSpan.FromTicks(Math.Min(IdlePoll.Ticks, idle.Ticks * 2));
                wait = idle;
                if (nextRetry is { } retry)
                {
                    TimeSpan untilRetry = retry - timeProvider.GetUtcNow();
                    nextRetry = untilRetry > wait ? nextRetry : null;
                    wait = untilRetry < wait ? (untilRetry > TimeSpan.Zero ? untilRetry : TimeSpan.Zero) : wait;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Whatever storage throws (a failed request, retries exhausted), the consumer must keep going.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogPollFailed(logger, ex);
                wait = IdlePoll;
            }

            try
            {
                await this.signal.WaitAsync(wait, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <returns>The retry delay when the message is left for a later delivery; otherwise null.</returns>
    async Task<TimeSpan?> SettleAsync(QueueClient queue, QueueClient deadLetters, QueueMessage message, CancellationToken cancellationToken)
    {
        Settlement settlement = await handler.HandleAsync(message.Body, (int)message.DequeueCount, cancellationToken);
        switch (settlement.Kind)
        {
            case SettlementKind.Complete:
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                return null;
            case SettlementKind.DeadLetter:
                await deadLetters.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                await deadLetters.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                LogDeadLettered(logger, settlement.Reason ?? "unknown");
                return null;
            default:
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: settlement.RetryAfter, cancellationToken: cancellationToken);
                return settlement.RetryAfter;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling the escalation queue failed")]
    static partial void LogPollFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "An escalation message was dead-lettered: {Reason}")]
    static partial void LogDeadLettered(ILogger logger, string reason);
}
