using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Evidence;

/// <summary>An incident's evidence register: its items (each file with its hash), device reviews, legal hold and retention date.</summary>
/// <param name="Hold">Null when no hold was ever placed.</param>
/// <param name="Retention">Null until the response plan is recorded.</param>
public sealed record EvidenceRegister(IReadOnlyList<EvidenceItem> Items, IReadOnlyList<DeviceReview> Reviews, LegalHold? Hold, RetentionEntry? Retention);

/// <summary>A technician or the e-safety officer reads the incident's evidence register; reading it is a custody entry.</summary>
public sealed class ReadEvidenceRegister(IIncidentStore incidents, EvidenceUploads register, IDeviceReviews reviews, ILegalHolds holds, IRetentionSchedule retention, CustodyRecorder custody) : IUseCase
{
    public async Task<Outcome<EvidenceRegister>> ExecuteAsync(Actor actor, string incidentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Outcome<Incident> found = await EvidencePermissions.FindToHandleAsync(incidents, actor, incidentId, cancellationToken);
        if (found.Failure is { } refused)
        {
            return refused;
        }

        Incident incident = found.Value;

        IReadOnlyList<EvidenceItem> items = await register.ListAsync(incident, cancellationToken);
        await custody.RecordAsync(actor, incident, CustodyActions.View, incident.IncidentId, "register");
        return new EvidenceRegister(
            items.OrderBy(i => i.AddedAt).ToList(),
            (await reviews.ListAsync(incident.IncidentId, cancellationToken)).OrderBy(r => r.RecordedAt).ToList(),
            await holds.FindAsync(incident.IncidentId, cancellationToken),
            await retention.FindAsync(incident.IncidentId, cancellationToken));
    }
}
