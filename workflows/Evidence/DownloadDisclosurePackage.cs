using System.Globalization;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Links;

namespace EsafetyServerless.Workflows.Evidence;

/// <summary>An export package on its way to the requester: the zip, and the name to save it as.</summary>
public sealed record DisclosurePackageDownload(Stream Content, string FileName);

/// <summary>
/// The external requester downloads an approved export package with its signed link. There is no account: the link
/// is the authority, and it works once. A changed link is refused, an expired or spent one is gone; every attempt
/// is a custody entry, with the address it came from.
/// </summary>
public sealed class DownloadDisclosurePackage(
    SignedLinks links, IIncidentStore incidents, IDisclosureRequests disclosures, IDisclosurePackages packages, CustodyRecorder custody, TimeProvider timeProvider) : IUseCase
{
    /// <summary>How the custody log names the holder of a package's link.</summary>
    public const string HolderName = "disclosure-link";

    public const string HolderRole = "ExternalRequester";

    /// <param name="from">The address the request came from.</param>
    public async Task<Outcome<DisclosurePackageDownload>> ExecuteAsync(string? token, string? from, CancellationToken cancellationToken)
    {
        DateTimeOffset now = timeProvider.GetUtcNow();
        LinkCheck check = links.Verify(DisclosureRules.LinkPurpose, token, now);
        if (check.Result == LinkCheckResult.Tampered || DisclosureRules.ParseLinkSubject(check.SubjectId) is not { } subject)
        {
            return new Failure(FailureKind.Forbidden, "This link is not valid", "The link has been changed or is incomplete. Ask the agency for the link again.");
        }

        (string incidentId, string requestId) = subject;
        Incident? incident = await incidents.FindAsync(incidentId, cancellationToken);
        DisclosureRequest? disclosure = incident is null ? null : await disclosures.FindAsync(incidentId, requestId, cancellationToken);
        if (incident is null || disclosure is null)
        {
            return Outcome.Gone("This package no longer exists", "The records it came from have been removed.");
        }

        LinkHolder holder = new(HolderName, HolderRole, from);
        string who = $"request={requestId} from={WireNames.Of(disclosure.RequestingBody)} reference={disclosure.RequesterReference}";
        if (check.Result == LinkCheckResult.Expired)
        {
            await custody.RecordForLinkHolderAsync(holder, incident, CustodyActions.TransferRefused, incidentId, who + " link expired");
            return Outcome.Gone("This link has expired",
                "The link expired on " + UkTime.InEmail(check.ExpiresAt!.Value) + ". Ask the agency to approve a new disclosure.");
        }

        bool firstUse = false;
        DisclosureRequest? spent = await disclosures.UpdateAsync(incidentId, requestId, current =>
        {
            firstUse = current.State == DisclosureState.Approved && current.Package is not null && current.Download is null;
            return firstUse ? current with { State = DisclosureState.Downloaded, Download = new DisclosureDownload(now, from) } : current;
        }, cancellationToken);
        if (!firstUse || spent?.Package is not { } package)
        {
            await custody.RecordForLinkHolderAsync(holder, incident, CustodyActions.TransferRefused, incidentId, who + " link already used");
            return Outcome.Gone("This link has already been used",
                "The package can be downloaded once, and it has been. If you did not download it, tell the agency at once.");
        }

        Stream content;
        try
        {
            content = await packages.OpenReadAsync(package.BlobName, cancellationToken);
        }
        catch (Exception)
        {
            // Nothing was handed over: the link is given back, so the requester can try again.
            await disclosures.UpdateAsync(incidentId, requestId, current => current.State == DisclosureState.Downloaded && current.Download == spent.Download
                ? current with { State = DisclosureState.Approved, Download = null }
                : current, CancellationToken.None);
            throw;
        }

        await custody.RecordForLinkHolderAsync(holder, incident, CustodyActions.Transfer, incidentId, who + " manifestSha256=" + package.ManifestSha256);
        return new DisclosurePackageDownload(content, $"disclosure-{incident.Reference}-{requestId}.zip");
    }
}
