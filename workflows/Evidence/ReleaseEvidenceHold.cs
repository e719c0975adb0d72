using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Evidence;

/// <summary>Only the agency's senior manager releases a legal hold, with the reason; the release is a custody entry.</summary>
public sealed class ReleaseEvidenceHold(IIncidentStore incidents, ILegalHolds holds, CustodyRecorder custody, TimeProvider timeProvider) : IUseCase
{
    public async Task<Outcome<LegalHold>> ExecuteAsync(Actor actor, string incidentId, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Incident? incident = await incidents.FindAsync(incidentId, cancellationToken);
        if (incident is null)
        {
            return IncidentPermissions.NotFound();
        }

        if (EvidencePermissions.ToReleaseHold(actor, incident) is { } denied)
        {
            return denied;
        }

        FieldErrors errors = new();
        string? why = EvidenceText.Required(reason, "reason", "why the hold can be released", PlaceEvidenceHold.ReasonMaxLength, errors);
        if (why is null)
        {
            return Outcome.Invalid(errors);
        }

        LegalHold? released = await holds.ReleaseAsync(incident.IncidentId, actor.PersonId, why, timeProvider.GetUtcNow(), cancellationToken);
        if (released is null)
        {
            return Outcome.Conflict("No legal hold", "This incident's evidence is not on legal hold.");
        }

        await custody.RecordAsync(actor, incident, CustodyActions.Release, incident.IncidentId, why);
        return released;
    }
}
