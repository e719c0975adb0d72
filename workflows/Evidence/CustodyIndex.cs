namespace EsafetyServerless.Workflows.Evidence;

/// <summary>
/// Port: which entries of the agency's audit trail are an incident's custody entries (their sequence numbers), so the
/// chain of custody is read entry by entry instead of by scanning the agency's whole trail. The entries themselves
/// stay in the hash-chained trail, which remains the authority.
/// </summary>
public interface ICustodyIndex
{
    Task AddAsync(string incidentId, long sequence, CancellationToken cancellationToken);

    /// <summary>The incident's custody entries' sequence numbers, in order.</summary>
    Task<IReadOnlyList<long>> ListAsync(string incidentId, CancellationToken cancellationToken);
}
