using System.Globalization;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Evidence;

/// <summary>
/// The e-safety officer or the senior manager places a legal hold by hand, with the reason (docs/domain.md,
/// "Retention"): while it stands nothing of the incident can be purged. A released hold can be replaced by a new one.
/// </summary>
public sealed class PlaceEvidenceHold(IIncidentStore incidents, ILegalHolds holds, CustodyRecorder custody, TimeProvider timeProvider) : IUseCase
{
    public const int ReasonMaxLength = 2000;

    public async Task<Outcome<LegalHold>> ExecuteAsync(Actor actor, string incidentId, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Incident? incident = await incidents.FindAsync(incidentId, cancellationToken);
        if (incident is null)
        {
            return IncidentPermissions.NotFound();
        }

        if (EvidencePermissions.ToPlaceHold(actor, incident) is { } denied)
        {
            return denied;
        }

        FieldErrors errors = new();
        string? why = EvidenceText.Required(reason, "reason", "why the evidence must be held", ReasonMaxLength, errors);
        if (why is null)
        {
            return Outcome.Invalid(errors);
        }

        LegalHold hold = new(incident.IncidentId, incident.AgencyId, timeProvider.GetUtcNow(), actor.PersonId, why, Automatic: false);
        (LegalHold current, bool placed) = await holds.PlaceAsync(hold, replaceReleased: true, cancellationToken);
        if (!placed)
        {
            return Outcome.Conflict("Already on hold",
                "This incident's evidence is already on legal hold (placed " + current.PlacedAt.ToString("d MMM yyyy", CultureInfo.GetCultureInfo("en-GB")) + ").");
        }

        await custody.RecordAsync(actor, incident, CustodyActions.Hold, incident.IncidentId, why);
        return hold;
    }
}
