using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Evidence;

/// <summary>
/// A technician or the e-safety officer reads the chain of custody: every upload, view, securing, download,
/// verification and disclosure of the incident's evidence (who, in which role, when, why, from where). Reading it is
/// itself a custody entry, recorded after the read so the log shows what was there.
/// </summary>
public sealed class ReadCustodyLog(IIncidentStore incidents, CustodyLog log, CustodyRecorder custody) : IUseCase
{
    public async Task<Outcome<IReadOnlyList<CustodyRecord>>> ExecuteAsync(Actor actor, string incidentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Outcome<Incident> found = await EvidencePermissions.FindToHandleAsync(incidents, actor, incidentId, cancellationToken);
        if (found.Failure is { } refused)
        {
            return refused;
        }

        Incident incident = found.Value;

        IReadOnlyList<CustodyRecord> entries = await log.ReadAsync(incident, cancellationToken);
        await custody.RecordAsync(actor, incident, CustodyActions.View, incident.IncidentId, "custody log");
        return entries.ToList();
    }
}
