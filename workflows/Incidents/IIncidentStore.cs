namespace EsafetyServerless.Workflows.Incidents;

/// <summary>Port: the incident log, partitioned by agency.</summary>
public interface IIncidentStore
{
    /// <summary>
    /// Saves a new incident with the next reference of its agency and year, unless the reporter already submitted one
    /// with the same idempotency key: then that incident is returned and nothing new is stored. A new incident is
    /// pending (<see cref="ListPendingAsync"/>) until <see cref="ClearPendingAsync"/>.
    /// </summary>
    Task<IncidentSaved> CreateAsync(Incident incident, string? idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Finds an incident by id in any agency (the caller checks the agency).</summary>
    Task<Incident?> FindAsync(string incidentId, CancellationToken cancellationToken);

    Task<IncidentLogResults> ListAsync(IncidentQuery query, CancellationToken cancellationToken);

    /// <summary>Appends an action (what, by whom, when) to the incident.</summary>
    Task AddActionAsync(string incidentId, IncidentAction action, CancellationToken cancellationToken);

    /// <summary>
    /// Changes an incident: <paramref name="change"/> gets the current version and returns the new one. Runs again
    /// on the latest version if someone else changed the incident meanwhile, so no change is lost.
    /// </summary>
    Task<Incident> UpdateAsync(string incidentId, Func<Incident, Incident> change, CancellationToken cancellationToken);

    /// <summary>Deletes the incident (the retention purge an e-safety officer confirmed; nothing else deletes one).</summary>
    Task DeleteAsync(string incidentId, CancellationToken cancellationToken);

    /// <summary>
    /// Incidents of the agency created before <paramref name="createdBefore"/> whose submission has not finished: their
    /// creation's audit entry and the start of their response workflow may be missing (a crash, a storage outage).
    /// </summary>
    Task<IReadOnlyList<PendingSubmission>> ListPendingAsync(string agencyId, DateTimeOffset createdBefore, CancellationToken cancellationToken);

    /// <summary>The submission has finished: audited and its workflow started.</summary>
    Task ClearPendingAsync(string agencyId, string incidentId, CancellationToken cancellationToken);
}

/// <summary>An incident whose submission has not finished (see <see cref="IIncidentStore.ListPendingAsync"/>).</summary>
public sealed record PendingSubmission(string AgencyId, string IncidentId, DateTimeOffset CreatedAt);

public sealed record IncidentSaved(Incident Incident, bool Created);

/// <param name="ReportedBy">Only this reporter's incidents (staff see only their own reports).</param>
/// <param name="ContinuationToken">From the previous page; null for the first page.</param>
/// <param name="ReferralsOverdueAt">Only incidents with a referral still waiting for its acknowledgement past its deadline at this moment.</param>
public sealed record IncidentQuery(
    string AgencyId,
    IncidentStatus? Status = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? ReportedBy = null,
    int PageSize = 50,
    string? ContinuationToken = null,
    ResponseRoute? Route = null,
    bool? Serious = null,
    DateTimeOffset? ReferralsOverdueAt = null)
{
    /// <summary>Whether an incident passes every filter (the store's query narrows; this is the rule).</summary>
    public bool Matches(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return (this.Status is null || incident.Status == this.Status)
            && (this.Route is null || incident.Plan?.Route == this.Route)
            && (this.Serious is null || (incident.Plan?.Serious ?? false) == this.Serious)
            && (this.ReferralsOverdueAt is not { } at || incident.OverdueReferrals(at) > 0)
            && (this.ReportedBy is null || incident.ReportedBy == this.ReportedBy);
    }
}

public sealed record IncidentLogResults(IReadOnlyList<Incident> Items, string? ContinuationToken);

/// <summary>The client sent a continuation token we did not issue.</summary>
public sealed class InvalidContinuationTokenException : Exception
{
    public InvalidContinuationTokenException()
        : base("The continuation token is not valid.")
    {
    }

    public InvalidContinuationTokenException(string message)
        : base(message)
    {
    }

    public InvalidContinuationTokenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>An incident would grow past what its record can hold (thousands of actions).</summary>
public sealed class IncidentTooLargeException : Exception
{
    public IncidentTooLargeException()
    {
    }

    public IncidentTooLargeException(string message)
        : base(message)
    {
    }

    public IncidentTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
