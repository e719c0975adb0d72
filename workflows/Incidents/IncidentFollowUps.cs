namespace EsafetyServerless.Workflows.Incidents;

/// <summary>
/// Port: the incident's response workflow (instance id = incident id). The incident log starts it without knowing
/// how it runs; the response capability implements this over the durable engine.
/// </summary>
public interface IResponseWorkflow
{
    /// <summary>Starts it unless it exists; with <paramref name="restartIfFailed"/>, one that failed or was terminated is started again.</summary>
    Task StartAsync(string incidentId, bool restartIfFailed, CancellationToken cancellationToken);
}

/// <summary>
/// Port: how long an incident's records are kept follows its conclusion (docs/domain.md, "Retention"). The evidence
/// capability, which keeps the retention schedule, implements it.
/// </summary>
public interface IRetentionFollowUp
{
    /// <summary>
    /// The incident was accepted into the log. One that waits for triage (an emailed report) may never be triaged, so
    /// it gets its retention review date now rather than when its plan is recorded; safe to repeat.
    /// </summary>
    Task AcceptedAsync(Incident incident, CancellationToken cancellationToken);

    /// <summary>The incident was concluded: schedule its retention review from the conclusion and the outcome.</summary>
    Task ConcludedAsync(Incident incident, CancellationToken cancellationToken);
}
