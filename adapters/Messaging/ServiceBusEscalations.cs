using Azure.Messaging.ServiceBus;
using EsafetyServerless.Workflows.Escalation;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Response;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Adapters.Messaging;

/// <summary>
/// Publishes escalations to the Service Bus topic <c>escalations</c>: message id per attempt (duplicate detection
/// drops a retried send), subject = the target (each target's subscription filters on it, so other agencies'
/// systems can subscribe too), and the agency, target and urgency as application properties.
/// </summary>
public sealed class ServiceBusEscalationChannel(ServiceBusSender sender) : IEscalationChannel
{
    public const string TopicName = "escalations";

    public Task PublishAsync(EscalationRequested message, CancellationToken cancellationToken) =>
        sender.SendMessageAsync(ToServiceBusMessage(message), cancellationToken);

    public static ServiceBusMessage ToServiceBusMessage(EscalationRequested message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ServiceBusMessage sent = new(EscalationWire.Write(message))
        {
            MessageId = message.MessageId,
            Subject = WireNames.Of(message.Target),
            ContentType = "application/json",
            CorrelationId = message.EscalationId,
        };
        sent.ApplicationProperties["agencyId"] = message.AgencyId;
        sent.ApplicationProperties["target"] = WireNames.Of(message.Target);
        sent.ApplicationProperties["urgency"] = WireNames.Of(message.Urgency);
        sent.ApplicationProperties["attempt"] = message.Attempt;
        return sent;
    }
}

/// <summary>
/// The Azure consumer: no Service Bus trigger extension is available, so a hosted <see cref="ServiceBusProcessor"/>
/// per target subscription, with explicit settlement: complete, dead-letter, or abandon after a back-off delay (Service
/// Bus itself dead-letters after the subscription's maxDeliveryCount).
/// </summary>
public sealed partial class ServiceBusEscalationConsumer(ServiceBusClient client, EscalationMessageHandler handler, ILogger<ServiceBusEscalationConsumer> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        List<ServiceBusProcessor> processors = [];
        try
        {
            foreach (EscalationTarget target in Enum.GetValues<EscalationTarget>())
            {
                ServiceBusProcessor processor = client.CreateProcessor(ServiceBusEscalationChannel.TopicName, WireNames.Of(target), new ServiceBusProcessorOptions
                {
                    AutoCompleteMessages = false,
                    MaxConcurrentCalls = 4,
                    ReceiveMode = ServiceBusReceiveMode.PeekLock,
                });
                processor.ProcessMessageAsync += this.ProcessAsync;
                processor.ProcessErrorAsync += this.OnErrorAsync;
                processors.Add(processor);
                await processor.StartProcessingAsync(stoppingToken);
            }

            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (ServiceBusProcessor processor in processors)
            {
                await processor.StopProcessingAsync(CancellationToken.None);
                await processor.DisposeAsync();
            }
        }
    }

    /// <summary>Handles one message and settles it explicitly. Public so tests can drive it through the SDK's mocking support.</summary>
    public async Task ProcessAsync(ProcessMessageEventArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        Settlement settlement = await handler.HandleAsync(args.Message.Body, args.Message.DeliveryCount, args.CancellationToken);
        switch (settlement.Kind)
        {
            case SettlementKind.Complete:
                await args.CompleteMessageAsync(args.Message, args.CancellationToken);
                break;
            case SettlementKind.DeadLetter:
                await args.DeadLetterMessageAsync(args.Message, settlement.Reason, "See the incident's actions in the e-safety service.", args.CancellationToken);
                break;
            default:
                // Back off before giving the message back, so a struggling dependency is not hammered.
                await Task.Delay(settlement.RetryAfter, args.CancellationToken);
                await args.AbandonMessageAsync(args.Message, cancellationToken: args.CancellationToken);
                break;
        }
    }

    Task OnErrorAsync(ProcessErrorEventArgs args)
    {
        LogProcessorError(logger, args.Exception, args.EntityPath, args.ErrorSource.ToString());
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Service Bus processor error on {EntityPath} ({ErrorSource})")]
    static partial void LogProcessorError(ILogger logger, Exception exception, string entityPath, string errorSource);
}
