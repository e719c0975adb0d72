using System.Text.Json;
using System.Text.Json.Serialization;
using EsafetyServerless.Workflows.Escalation;
using Microsoft.Extensions.Logging;

namespace EsafetyServerless.Adapters.Messaging;

/// <summary>What a transport does with a message after handling it.</summary>
public enum SettlementKind
{
    Complete,
    DeadLetter,
    Retry,
}

public sealed record Settlement(SettlementKind Kind, string? Reason = null, TimeSpan RetryAfter = default)
{
    public static Settlement Complete { get; } = new(SettlementKind.Complete);
}

/// <summary>The escalation message as it travels: JSON, camelCase, enums as kebab-case names.</summary>
public static class EscalationWire
{
    static readonly JsonSerializerOptions Json = CreateOptions();

    public static BinaryData Write(EscalationRequested message) => BinaryData.FromObjectAsJson(message, Json);

    /// <summary>The message, or null when the body is not one (it is dead-lettered, never retried).</summary>
    public static EscalationRequested? Read(BinaryData body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            EscalationRequested? message = body.ToObjectFromJson<EscalationRequested>(Json);
            return message is { EscalationId.Length: > 0, IncidentId.Length: > 0, AgencyId.Length: > 0, Attempt: > 0 } ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    static JsonSerializerOptions CreateOptions()
    {
        JsonSerializerOptions options = new(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary>
/// The code both transports run for each message: dispatch it, and decide how to settle — complete it, dead-letter
/// it (malformed, refused for good, or failing after <see cref="MaxDeliveries"/> deliveries), or retry it after a
/// growing delay (storage or the mail server briefly unavailable).
/// </summary>
public sealed partial class EscalationMessageHandler(EscalationDispatcher dispatcher, ILogger<EscalationMessageHandler> logger)
{
    /// <summary>The same as the Service Bus subscriptions' maxDeliveryCount (infra/bicep/modules/servicebus.bicep).</summary>
    public const int MaxDeliveries = 10;

    public async Task<Settlement> HandleAsync(BinaryData body, int deliveryCount, CancellationToken cancellationToken)
    {
        EscalationRequested? message = EscalationWire.Read(body);
        if (message is null)
        {
            LogMalformed(logger);
            return new Settlement(SettlementKind.DeadLetter, "malformed-message");
        }

        try
        {
            DispatchOutcome outcome = await dispatcher.DispatchAsync(message, cancellationToken);
            LogDispatched(logger, message.EscalationId, message.Attempt, outcome);
            return outcome == DispatchOutcome.PermanentFailure ? new Settlement(SettlementKind.DeadLetter, "delivery-refused") : Settlement.Complete;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogTransientFailure(logger, ex, message.EscalationId, message.Attempt, deliveryCount);
            if (deliveryCount < MaxDeliveries)
            {
                return new Settlement(SettlementKind.Retry, ex.GetType().Name, RetryDelay(deliveryCount));
            }

            try
            {
                await dispatcher.MarkUndeliverableAsync(message, $"failed {deliveryCount} times ({ex.GetType().Name})", cancellationToken);
            }
#pragma warning disable CA1031 // The message is dead-lettered either way; the alert on the dead-letter queue still fires.
            catch (Exception markFailure)
#pragma warning restore CA1031
            {
                LogTransientFailure(logger, markFailure, message.EscalationId, message.Attempt, deliveryCount);
            }

            return new Settlement(SettlementKind.DeadLetter, "max-deliveries-exceeded");
        }
    }

    /// <summary>2, 4, 8 … seconds, at most 30 (well inside a minute's message lock).</summary>
    public static TimeSpan RetryDelay(int deliveryCount) => TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, Math.Clamp(deliveryCount, 1, 5))));

    [LoggerMessage(Level = LogLevel.Error, Message = "A malformed escalation message was dead-lettered")]
    static partial void LogMalformed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Escalation {EscalationId} attempt {Attempt}: {Outcome}")]
    static partial void LogDispatched(ILogger logger, string escalationId, int attempt, DispatchOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Escalation {EscalationId} attempt {Attempt} failed on delivery {DeliveryCount}")]
    static partial void LogTransientFailure(ILogger logger, Exception exception, string escalationId, int attempt, int deliveryCount);
}
