using EsafetyServerless.Workflows.Incidents;

namespace EsafetyServerless.Workflows.Escalation;

/// <summary>
/// The message the response workflow publishes for each delivery attempt of an escalation. Ids and states only: the
/// dispatcher reads everything else from the incident log, so nothing about a child travels through the bus.
/// </summary>
/// <param name="EscalationId">"{incidentId}-{target}": unique per incident and target.</param>
/// <param name="Attempt">1 for the first notice, 2 for the re-send after the first deadline passed, and so on.</param>
public sealed record EscalationRequested(
    string EscalationId,
    string IncidentId,
    string AgencyId,
    EscalationTarget Target,
    EscalationUrgency Urgency,
    int Attempt)
{
    /// <summary>
    /// The transport's message id: one per attempt. A retried publish of the same attempt is deduplicated, while the
    /// re-send after a missed deadline is a new message that duplicate detection must not swallow.
    /// </summary>
    public string MessageId => this.EscalationId + "-attempt-" + this.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public enum EscalationUrgency
{
    /// <summary>Police, CEOP, IWF: acknowledged within the hour.</summary>
    Immediate,

    /// <summary>LADO, First Response: acknowledged within one working day.</summary>
    WithinOneWorkingDay,
}

/// <summary>Port: where escalation requests are published — a Service Bus topic in Azure, a storage queue locally.</summary>
public interface IEscalationChannel
{
    Task PublishAsync(EscalationRequested message, CancellationToken cancellationToken);
}

/// <summary>What became of one delivery attempt; the transport settles the message accordingly.</summary>
public enum DispatchOutcome
{
    /// <summary>The notice went out (or the officer's task was opened): complete the message.</summary>
    Delivered,

    /// <summary>This attempt was delivered before (a redelivered message) or the escalation is already acknowledged.</summary>
    AlreadyHandled,

    /// <summary>The provider refused the notice for good: dead-letter the message; the escalation shows as failed.</summary>
    PermanentFailure,
}
