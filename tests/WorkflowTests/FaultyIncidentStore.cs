using EsafetyServerless.Workflows.Incidents;

namespace EsafetyServerless.WorkflowTests;

/// <summary>
/// The real incident store, except that the first write adding an action whose description starts with an armed prefix
/// fails before anything is written — as when storage fails, or the process dies, in the middle of a step. The step's
/// activity is then retried by the engine, which is what the tests want to see done safely.
/// </summary>
sealed class FaultyIncidentStore(IIncidentStore inner) : IIncidentStore
{
    readonly Lock gate = new();
    readonly List<string> armed = [];
    readonly List<string> failed = [];

    /// <summary>Makes the first write that adds an action starting with <paramref name="descriptionPrefix"/> fail once.</summary>
    public void FailOnce(string descriptionPrefix)
    {
        lock (this.gate)
        {
            this.armed.Add(descriptionPrefix);
        }
    }

    /// <summary>Whether the failure armed with <paramref name="descriptionPrefix"/> happened.</summary>
    public bool Failed(string descriptionPrefix)
    {
        lock (this.gate)
        {
            return this.failed.Contains(descriptionPrefix);
        }
    }

    public Task<IncidentSaved> CreateAsync(Incident incident, string? idempotencyKey, CancellationToken cancellationToken) =>
        inner.CreateAsync(incident, idempotencyKey, cancellationToken);

    public Task<Incident?> FindAsync(string incidentId, CancellationToken cancellationToken) => inner.FindAsync(incidentId, cancellationToken);

    public Task<IncidentLogResults> ListAsync(IncidentQuery query, CancellationToken cancellationToken) => inner.ListAsync(query, cancellationToken);

    public Task AddActionAsync(string incidentId, IncidentAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        this.FailIfArmed([action.Description]);
        return inner.AddActionAsync(incidentId, action, cancellationToken);
    }

    public async Task<Incident> UpdateAsync(string incidentId, Func<Incident, Incident> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (await inner.FindAsync(incidentId, cancellationToken) is { } current)
        {
            this.FailIfArmed(change(current).Actions.Skip(current.Actions.Count).Select(a => a.Description));
        }

        return await inner.UpdateAsync(incidentId, change, cancellationToken);
    }

    public Task DeleteAsync(string incidentId, CancellationToken cancellationToken) => inner.DeleteAsync(incidentId, cancellationToken);

    public Task<IReadOnlyList<PendingSubmission>> ListPendingAsync(string agencyId, DateTimeOffset createdBefore, CancellationToken cancellationToken) =>
        inner.ListPendingAsync(agencyId, createdBefore, cancellationToken);

    public Task ClearPendingAsync(string agencyId, string incidentId, CancellationToken cancellationToken) =>
        inner.ClearPendingAsync(agencyId, incidentId, cancellationToken);

    void FailIfArmed(IEnumerable<string> newDescriptions)
    {
        lock (this.gate)
        {
            foreach (string description in newDescriptions)
            {
                string? prefix = this.armed.FirstOrDefault(p => description.StartsWith(p, StringComparison.Ordinal));
                if (prefix is not null)
                {
                    this.armed.Remove(prefix);
                    this.failed.Add(prefix);
                    throw new IOException("Injected storage failure while recording: " + prefix);
                }
            }
        }
    }
}
