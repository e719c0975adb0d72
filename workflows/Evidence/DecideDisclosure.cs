using System.Globalization;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Notifications;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Links;

namespace EsafetyServerless.Workflows.Evidence;

/// <param name="Decision">"approve" or "refuse".</param>
public sealed record DisclosureDecisionDraft(string? Decision, string? Reason);

/// <summary>A decided disclosure request; for an approval, the package's one-time link.</summary>
/// <param name="IncidentReference">The reference of the incident the request is about.</param>
/// <param name="Link">Null for a refusal.</param>
public sealed record DisclosureDecided(DisclosureRequest Request, string IncidentReference, DisclosureLink? Link);

/// <summary>An approved package's one-time download link: shown once to the senior manager, never stored.</summary>
/// <param name="Url">The whole address, to send to the requester.</param>
/// <param name="Path">The same without the service's address.</param>
public sealed record DisclosureLink(string Url, string Path, DateTimeOffset ExpiresAt, string ManifestSha256);

/// <summary>
/// The senior manager approves or refuses a disclosure request, with reasons. On approval the export package is
/// produced (every file with its hash, the manifest, the chain of custody) and a signed link issued that works once
/// until it expires (<see cref="DownloadDisclosurePackage"/>).
/// </summary>
public sealed class DecideDisclosure(
    IIncidentStore incidents, IDisclosureRequests disclosures, IEvidenceRegister register, IDisclosurePackages packages,
    CustodyLog custodyLog, CustodyRecorder custody, SignedLinks links, AppLinks appLinks, TimeProvider timeProvider) : IUseCase
{
    /// <summary>Where a package is downloaded (the signed token follows in the query).</summary>
    public const string PackagePath = "/api/disclosure-packages";

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

        DateTimeOffset now = timeProvider.GetUtcNow();
        DisclosureDecision decision = new(approve, actor.PersonId, now, reason!);
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

        if (!approve)
        {
            await custody.RecordAsync(actor, incident, CustodyActions.DisclosureRefused, incident.IncidentId, $"request={requestId} reason={reason}");
            return new DisclosureDecided(decided, incident.Reference, null);
        }

        DateTimeOffset expires = now + DisclosureRules.LinkLifetime;
        IReadOnlyList<EvidenceItem> items = await register.ListAsync(incident.IncidentId, cancellationToken);
        IReadOnlyList<CustodyRecord> custodyRecords = await custodyLog.ReadAsync(incident, cancellationToken);
        DisclosurePackage package;
        try
        {
            (package, _) = await packages.CreateAsync(new DisclosurePackageContents(decided, incident.Reference, decision, items, custodyRecords, expires), now, CancellationToken.None);
        }
        catch (Exception)
        {
            // No package, no approval: put the request back so the senior manager can decide again once storage works.
            await disclosures.UpdateAsync(incident.IncidentId, requestId, current => current with { State = DisclosureState.Requested, Decision = null }, CancellationToken.None);
            throw;
        }

        DisclosureRequest packaged = await disclosures.UpdateAsync(incident.IncidentId, requestId, current => current with { Package = package }, cancellationToken) ?? decided;
        await custody.RecordAsync(actor, incident, CustodyActions.DisclosureApproved, incident.IncidentId,
            string.Create(CultureInfo.InvariantCulture, $"request={requestId} items={package.Items} manifestSha256={package.ManifestSha256} linkExpires={expires:O} reason={reason}"));
        string path = PackagePath + "?token=" + Uri.EscapeDataString(links.Sign(DisclosureRules.LinkPurpose, DisclosureRules.LinkSubject(incident.IncidentId, requestId), expires));
        return new DisclosureDecided(packaged, incident.Reference, new DisclosureLink(appLinks.To(path), path, expires, package.ManifestSha256));
    }
}
