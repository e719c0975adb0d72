using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Notifications;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Links;

namespace EsafetyServerless.Workflows.Evidence;

/// <summary>An approved package's one-time download link, for the senior manager to send to the requester; never stored.</summary>
/// <param name="Url">The whole address, to send to the requester.</param>
/// <param name="Path">The same without the service's address.</param>
public sealed record DisclosureLink(string Url, string Path, DateTimeOffset ExpiresAt, string ManifestSha256);

/// <summary>Where an approved disclosure's package stands; <paramref name="Link"/> is null while it is being prepared.</summary>
public sealed record DisclosurePackageState(DisclosureRequest Request, string IncidentReference, DisclosureLink? Link);

/// <summary>
/// The senior manager gets the signed one-time link of an approved disclosure's package once it is ready (until it is
/// used or expires; each showing is audited). While the package is being prepared the answer says so; if its
/// preparation was lost (the process stopped before it started) or gave up, it is started again here.
/// </summary>
public sealed class ShowDisclosureLink(
    IIncidentStore incidents, IDisclosureRequests disclosures, DisclosurePackagingWorkflow packaging, SignedLinks links, AppLinks appLinks, AuditRecorder audit,
    TimeProvider timeProvider) : IUseCase
{
    /// <summary>Where a package is downloaded (the signed token follows in the query).</summary>
    public const string PackagePath = "/api/disclosure-packages";

    public async Task<Outcome<DisclosurePackageState>> ExecuteAsync(Actor actor, string incidentId, string requestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Incident? incident = await incidents.FindAsync(incidentId, cancellationToken);
        if (incident is null)
        {
            return IncidentPermissions.NotFound();
        }

        if (EvidencePermissions.ToDecideDisclosure(actor, incident) is { } denied)
        {
            return denied;
        }

        DisclosureRequest? request = await disclosures.FindAsync(incident.IncidentId, requestId, cancellationToken);
        if (request is null)
        {
            return Outcome.NotFound("There is no such disclosure request for this incident.");
        }

        if (request.State == DisclosureState.Downloaded)
        {
            return Outcome.Gone("The link has been used", "The package was downloaded through its link, which works once.");
        }

        if (request.State != DisclosureState.Approved)
        {
            return Outcome.Conflict("Not approved", "Only an approved disclosure has a package and a link.");
        }

        if (request.Package is not { } package)
        {
            if (!await packaging.IsUnderWayAsync(incident.IncidentId, requestId, cancellationToken))
            {
                await packaging.EnsureStartedAsync(incident.IncidentId, requestId, cancellationToken);
            }

            return new DisclosurePackageState(request, incident.Reference, null);
        }

        if (package.LinkExpiresAt <= timeProvider.GetUtcNow())
        {
            return Outcome.Gone("The link has expired", "The package's link has expired. Record a new request to disclose the evidence again.");
        }

        string path = PackagePath + "?token=" + Uri.EscapeDataString(links.Sign(DisclosureRules.LinkPurpose, DisclosureRules.LinkSubject(incident.IncidentId, requestId), package.LinkExpiresAt));
        await audit.RecordAsync(actor, incident.AgencyId, AuditActions.Read, incident.IncidentId, "disclosure link request=" + requestId);
        return new DisclosurePackageState(request, incident.Reference, new DisclosureLink(appLinks.To(path), path, package.LinkExpiresAt, package.ManifestSha256));
    }
}
