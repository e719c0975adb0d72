using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Evidence;

/// <summary>
/// Writes the chain of custody (docs/domain.md, "Evidence"): every handling of an incident's evidence is an entry in
/// the agency's hash-chained audit trail (action "custody:…"), then in the incident's custody index so the log is read
/// entry by entry.
/// </summary>
public sealed class CustodyRecorder(AuditRecorder audit, IAuditTrail trail, ICustodyIndex index)
{
    /// <param name="what">One of <see cref="CustodyActions"/>.</param>
    public async Task RecordAsync(Actor actor, Incident incident, string what, string subject, string? detail)
    {
        ArgumentNullException.ThrowIfNull(incident);
        AuditEntry entry = await audit.RecordAsync(actor, incident.AgencyId, CustodyActions.Prefix + what, subject, detail);
        await index.AddAsync(incident.IncidentId, entry.Sequence, CancellationToken.None);
    }

    /// <summary>
    /// A custody entry recorded exactly once per <paramref name="operationId"/>, whoever records it first: the person
    /// acting, or (with a null <paramref name="actor"/>) the system finishing what their interrupted request began.
    /// </summary>
    public async Task RecordOnceAsync(string operationId, Actor? actor, Incident incident, string what, string subject, string? detail)
    {
        ArgumentNullException.ThrowIfNull(incident);
        AuditEntry? entry = actor is null
            ? await trail.AppendOnceAsync(
                new AuditEvent(incident.AgencyId, IncidentAction.SystemActor, "system", CustodyActions.Prefix + what, subject, null, detail), operationId, CancellationToken.None)
            : await audit.RecordOnceAsync(operationId, actor, incident.AgencyId, CustodyActions.Prefix + what, subject, detail, CancellationToken.None);
        if (entry is not null)
        {
            await index.AddAsync(incident.IncidentId, entry.Sequence, CancellationToken.None);
        }
    }

    /// <summary>A custody entry by the holder of a signed link (a disclosure package's recipient, with no account).</summary>
    public async Task RecordForLinkHolderAsync(LinkHolder holder, Incident incident, string what, string subject, string? detail)
    {
        ArgumentNullException.ThrowIfNull(incident);
        AuditEntry entry = await audit.RecordForLinkHolderAsync(holder, incident.AgencyId, CustodyActions.Prefix + what, subject, detail);
        await index.AddAsync(incident.IncidentId, entry.Sequence, CancellationToken.None);
    }
}

/// <summary>
/// Reads the chain of custody of an incident's evidence: the incident's entries of the agency's hash-chained audit
/// trail, found through the custody index (point reads, not a scan of the agency's trail). An entry whose stored
/// fields no longer produce its hash is shown as altered.
/// </summary>
public sealed class CustodyLog(IAuditTrail trail, ICustodyIndex index)
{
    public const string Altered = "ALTERED";

    public async Task<IReadOnlyList<CustodyRecord>> ReadAsync(Incident incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        IReadOnlyList<long> sequences = await index.ListAsync(incident.IncidentId, cancellationToken);
        return (await trail.ReadAsync(incident.AgencyId, sequences, cancellationToken))
            .Where(e => e.Event.Action.StartsWith(CustodyActions.Prefix, StringComparison.Ordinal))
            .Select(e => new CustodyRecord(
                e.Sequence, e.At, e.Event.Action[CustodyActions.Prefix.Length..], e.Event.Subject, e.Event.ActorPersonId, e.Event.ActorRole, e.Event.From, e.Event.Detail,
                AuditChain.ComputeHash(e.PreviousHash, e.Sequence, e.At, e.Event) == e.Hash ? e.Hash : Altered))
            .ToList();
    }
}
