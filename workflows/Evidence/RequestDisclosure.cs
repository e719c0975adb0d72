using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Evidence;

/// <summary>
/// A technician or the e-safety officer records a request from the police, the LADO or another agency to disclose the
/// incident's evidence; it then waits for the senior manager's decision (<see cref="DecideDisclosure"/>).
/// </summary>
public sealed class RequestDisclosure(IIncidentStore incidents, IDisclosureRequests disclosures, CustodyRecorder custody, TimeProvider timeProvider) : IUseCase
{
    public async Task<Outcome<DisclosureRequest>> ExecuteAsync(Actor actor, string incidentId, DisclosureRequestDraft draft, CancellationToken cancellationToken)
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
        DisclosureRequest? disclosure = DisclosureRules.Validate(draft, incident, actor.PersonId, now, EvidenceIds.NewId("dr-", now), errors);
        if (disclosure is null)
        {
            return Outcome.Invalid(errors);
        }

        await disclosures.AddAsync(disclosure, cancellationToken);
        await custody.RecordAsync(actor, incident, CustodyActions.DisclosureRequested, incident.IncidentId,
            $"request={disclosure.RequestId} from={WireNames.Of(disclosure.RequestingBody)} reference={disclosure.RequesterReference}");
        return disclosure;
    }
}
