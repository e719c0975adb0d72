using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Evidence;

/// <summary>A held item as typed in, every value still text.</summary>
/// <param name="SecuredAt">When it was secured (ISO 8601); a moment that has happened.</param>
/// <param name="SealNumber">The evidence bag's seal, if it was sealed.</param>
public sealed record HeldItemDraft(string? Title, string? Description, string? Location, string? SecuredBy, string? SecuredAt, string? SealNumber);

/// <summary>
/// A technician or the e-safety officer records a physical or held item as metadata only (a seized device, a log on a
/// server): always allowed, including for an incident involving indecent images of children, where it is the only
/// way to record the device (docs/domain.md, "Evidence"). Securing it, and sealing it, are custody entries.
/// </summary>
public sealed class RecordHeldEvidence(IIncidentStore incidents, IEvidenceRegister register, CustodyRecorder custody, TimeProvider timeProvider) : IUseCase
{
    public async Task<Outcome<EvidenceItem>> ExecuteAsync(Actor actor, string incidentId, HeldItemDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(draft);
        Outcome<Incident> found = await EvidencePermissions.FindToHandleAsync(incidents, actor, incidentId, cancellationToken);
        if (found.Failure is { } refused)
        {
            return refused;
        }

        Incident incident = found.Value;

        FieldErrors errors = new();
        DateTimeOffset now = timeProvider.GetUtcNow();
        string? title = EvidenceText.Required(draft.Title, "title", "the title", 200, errors);
        string? description = EvidenceText.Optional(draft.Description, "description", 4000, errors);
        string? location = EvidenceText.Required(draft.Location, "location", "the location", 500, errors);
        string? securedBy = EvidenceText.Required(draft.SecuredBy, "securedBy", "who secured it", 200, errors);
        DateTimeOffset? securedAt = EvidenceText.PastMoment(draft.SecuredAt, "securedAt", errors, now);
        string? seal = EvidenceText.Optional(draft.SealNumber, "sealNumber", 100, errors);
        if (errors.Any)
        {
            return Outcome.Invalid(errors);
        }

        string evidenceId = EvidenceIds.NewId("ev-", now);
        EvidenceItem item = new(evidenceId, incident.IncidentId, incident.AgencyId, EvidenceKind.Held, title!, description, actor.PersonId, now,
            Held: new HeldItem(location!, securedBy!, securedAt!.Value, seal));
        await register.AddAsync(item, cancellationToken);
        await custody.RecordAsync(actor, incident, CustodyActions.Secure, evidenceId, "at " + location + "; by " + securedBy);
        if (seal is not null)
        {
            await custody.RecordAsync(actor, incident, CustodyActions.Seal, evidenceId, "seal=" + seal);
        }

        return item;
    }
}
