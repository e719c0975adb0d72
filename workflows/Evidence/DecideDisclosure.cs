using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Evidence;

/// <param name="Decision">"approve" or "refuse".</param>
public sealed record DisclosureDecisionDraft(string? Decision, string? Reason);

/// <summary>A decided disclosure request. An approved one's package is being prepared: <see cref="ShowDisclosureLink"/> gives its link once ready.</summary>
/// <param name="IncidentReference">The reference of the incident the request is about.</param>
public sealed record DisclosureDecided(DisclosureRequest Request, string IncidentReference);

/// <summary>
/// The senior manager approves or refuses a disclosure request, with reasons. The decision is recorded at once (and is
/// a custody entry); on approval the export package (every file with its hash, the manifest, the chain of custody) is
/// built by a durable workflow (<see cref="PrepareDisclosurePackage"/>), not in this request, so a crash or a timeout
/// while it is built loses nothing; the senior manager then gets its signed link, which works once until it expires
/// (<see cref="ShowDisclosureLink"/>, <see cref="DownloadDisclosurePackage"/>).
/// </summary>
public sealed class DecideDisclosure(
    IIncidentStore incidents, IDisclosureRequests disclosures, DisclosurePackagingWorkflow packaging, CustodyRecorder custody, TimeProvider timeProvider) : IUseCase
{
    public async Task<Outcome<DisclosureDecided>> ExecuteAsync(Actor actor, string incidentId, string requestId, DisclosureDecisionDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(draft);
        Incident? incident = await incidents.FindAsync(incidentId, cancellationToken);
        if (incident is null)
        {
            return IncidentPermissions.NotFound();
        }

        if (EvidencePermissions.ToDecideDisclosure(actor, incident) is { } denied)
        {
            return denied;
        }

        FieldErrors errors = new();
        string? decisionText = draft.Decision?.Trim();
        bool approve = decisionText == "approve";
        if (decisionText is not ("approve" or "refuse"))
        {
            errors.Add("decision", "Choose approve or refuse");
        }

        string? reason = EvidenceText.Required(draft.Reason, "reason", "the reasons for the decision", 2000, errors);
        if (errors.Any)
        {
            return Outcome.Invalid(errors);
        }

        DisclosureDecision decision = new(approve, actor.PersonId, timeProvider.GetUtcNow(), reason!);
        bool decidedNow = false;
        DisclosureRequest? decided = await disclosures.UpdateAsync(incident.IncidentId, requestId, current =>
        {
            decidedNow = current.State == DisclosureState.Requested;
            return decidedNow ? current with { State = approve ? DisclosureState.Approved : DisclosureState.Refused, Decision = decision } : current;
        }, cancellationToken);
        if (decided is null)
        {
            return Outcome.NotFound("There is no such disclosure request for this incident.");
        }

        if (!decidedNow)
        {
            return Outcome.Conflict("Already decided", "This request has already been decided.");
        }

        await custody.RecordAsync(actor, incident, approve ? CustodyActions.DisclosureApproved : CustodyActions.DisclosureRefused, incident.IncidentId,
            $"request={requestId} reason={reason}");
        if (approve)
        {
            // Recorded before it is started: if this start is lost, showing the link starts it again.
            await packaging.EnsureStartedAsync(incident.IncidentId, requestId, cancellationToken);
        }

        return new DisclosureDecided(decided, incident.Reference);
    }
}
