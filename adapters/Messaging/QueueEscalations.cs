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

/// <summary>Publishes escalations to the storage queue (Service Bus cannot run on one machine).</summary>
public sealed class QueueEscalationChannel(QueueServiceClient queues) : IEscalationChannel
{
    public async Task PublishAsync(EscalationRequested message, CancellationToken cancellationToken)
    {
        QueueClient queue = queues.GetQueueClient(EscalationQueues.Name);
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await queue.SendMessageAsync(EscalationWire.Write(message), cancellationToken: cancellationToken);
    }
}

/// <summary>
/// Polls the escalation queue and runs the same <see cref="EscalationMessageHandler"/> as the Service Bus consumer.
/// A message is deleted when settled; a retry leaves it invisible for the back-off delay; a dead letter moves it to
/// <see cref="EscalationQueues.DeadLetterName"/>. Polls every second while busy, backing off to five when idle.
/// </summary>
public sealed partial class QueueEscalationConsumer(QueueServiceClient queues, EscalationMessageHandler handler, ILogger<QueueEscalationConsumer> logger)
    : BackgroundService
{
    static readonly TimeSpan BusyPoll = TimeSpan.FromSeconds(1);
    static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(5);
    static readonly TimeSpan Lock = TimeSpan.FromSeconds(60);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        QueueClient queue = queues.GetQueueClient(EscalationQueues.Name);
        QueueClient deadLetters = queues.GetQueueClient(EscalationQueues.DeadLetterName);
        TimeSpan wait = BusyPoll;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                QueueMessage[] received = (await queue.ReceiveMessagesAsync(16, Lock, stoppingToken)).Value;
                foreach (QueueMessage message in received)
                {
                    await this.SettleAsync(queue, deadLetters, message, stoppingToken);
                }

                wait = received.Length > 0 ? BusyPoll : TimeSpan.FromTicks(Math.Min(IdlePoll.Ticks, wait.Ticks * 2));
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
                await Task.Delay(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    async Task SettleAsync(QueueClient queue, QueueClient deadLetters, QueueMessage message, CancellationToken cancellationToken)
    {
        Settlement settlement = await handler.HandleAsync(message.Body, (int)message.DequeueCount, cancellationToken);
        switch (settlement.Kind)
        {
            case SettlementKind.Complete:
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                break;
            case SettlementKind.DeadLetter:
                await deadLetters.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                await deadLetters.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                LogDeadLettered(logger, settlement.Reason ?? "unknown");
                break;
            default:
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: settlement.RetryAfter, cancellationToken: cancellationToken);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling the escalation queue failed")]
    static partial void LogPollFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "An escalation message was dead-lettered: {Reason}")]
    static partial void LogDeadLettered(ILogger logger, string reason);
}
