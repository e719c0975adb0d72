using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Evidence;

/// <summary>The incident's disclosure requests and where each stands, oldest first; looking at them is a custody entry.</summary>
public sealed class ListDisclosures(IIncidentStore incidents, IDisclosureRequests disclosures, CustodyRecorder custody) : IUseCase
{
    public async Task<Outcome<IReadOnlyList<DisclosureRequest>>> ExecuteAsync(Actor actor, string incidentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Incident? incident = await incidents.FindAsync(incidentId, cancellationToken);
        if (incident is null)
        {
            return IncidentPermissions.NotFound();
        }

        if (EvidencePermissions.ToView(actor, incident) is { } denied)
        {
            return denied;
        }

        IReadOnlyList<DisclosureRequest> found = await disclosures.ListAsync(incident.IncidentId, cancellationToken);
        await custody.RecordAsync(actor, incident, CustodyActions.View, incident.IncidentId, "disclosure requests");
        return found.OrderBy(d => d.RecordedAt).ToList();
    }
}
