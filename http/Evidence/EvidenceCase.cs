using System.Globalization;
using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Evidence;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Notifications;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Links;
using EsafetyServerless.Workflows.Tasks;
using Microsoft.AspNetCore.Http;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Http.Evidence;

/// <summary>What an evidence operation came to: a status, a message for people, field errors, and the record made.</summary>
public sealed record CaseOutcome(int Status, string Title, string Detail, FieldErrors? Errors = null, object? Value = null)
{
    public bool Succeeded => this.Status is >= 200 and < 300;

    public static CaseOutcome Invalid(FieldErrors errors) => new(StatusCodes.Status400BadRequest, "The request is not valid", "Some fields need correcting.", errors);

    /// <summary>The API's answer: the record as JSON, or problem details.</summary>
    public IResult ToApi() => this.Succeeded
        ? Results.Json(this.Value, ApiJson.Options, statusCode: this.Status)
        : this.Errors is { Any: true } errors ? Problems.FieldErrors(errors) : Problems.Create(this.Status, this.Title, this.Detail);
}

/// <summary>An approved disclosure: the request, and the package's one-time link (shown once, never stored).</summary>
public sealed record DisclosureApproval(DisclosureRequest Request, string DownloadUrl, string DownloadPath, DateTimeOffset ExpiresAt, string ManifestSha256);

/// <summary>
/// The evidence operations beyond the register, shared by the API and the evidence page so both apply the same rules:
/// device and site reviews, legal holds, disclosure requests and their packages, file downloads and the retention
/// purge. Each one checks who may do it, and each one is a custody entry.
/// </summary>
public sealed class EvidenceCase(
    IEvidenceRegister register,
    IEvidenceVault vault,
    IDeviceReviews reviews,
    ILegalHolds holds,
    IDisclosureRequests disclosures,
    IDisclosurePackages packages,
    IRetentionSchedule retention,
    IIncidentStore incidents,
    IPeopleDirectory directory,
    ITaskStore tasks,
    IAuditTrail trail,
    AuditRecorder audit,
    CustodyRecorder custodyRecorder,
    ICustodyIndex custodyIndex,
    SignedLinks links,
    AppLinks appLinks,
    TimeProvider timeProvider)
{
    public static readonly Role[] HoldPlacers = [Role.EsafetyOfficer, Role.SeniorManager];
    public static readonly Role[] HoldReleasers = [Role.SeniorManager];
    public static readonly Role[] DisclosureReaders = [Role.Technician, Role.EsafetyOfficer, Role.SeniorManager];
    public static readonly Role[] DisclosureDeciders = [Role.SeniorManager];
    public static readonly Role[] Purgers = [Role.EsafetyOfficer];

    static CaseOutcome Forbidden(string detail) => new(StatusCodes.Status403Forbidden, "Not allowed", detail);

    static CaseOutcome Conflict(string title, string detail) => new(StatusCodes.Status409Conflict, title, detail);

    string NewId(string prefix) => prefix + IncidentIds.NewId(timeProvider.GetUtcNow())[4..];

    Task Custody(EndpointRequest request, Incident incident, string what, string subject, string? detail) =>
        EvidenceAccess.RecordCustodyAsync(custodyRecorder, request, incident, what, subject, detail);

    public async Task<CaseOutcome> RecordReviewAsync(EndpointRequest request, Incident incident, DeviceReviewDraft draft)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!EvidenceAccess.Permits(request.SignedIn, incident, EvidenceAccess.Handlers))
        {
            return Forbidden("Only the agency's IT technicians and e-safety officer record reviews of devices and sites.");
        }

        if (DeviceReviewRules.Refusal(incident) is { } refusal)
        {
            return new(StatusCodes.Status422UnprocessableEntity, "Do not review this device", refusal);
        }

        FieldErrors errors = new();
        IReadOnlyList<Person> people = await directory.ListPeopleAsync(incident.AgencyId, request.Aborted);
        DeviceReview? review = DeviceReviewRules.Validate(draft, incident, people, request.SignedIn.Person.PersonId, timeProvider.GetUtcNow(), this.NewId("rv-"), errors);
        if (review is null)
        {
            return CaseOutcome.Invalid(errors);
        }

        await reviews.AddAsync(review, request.Aborted);
        await this.Custody(request, incident, CustodyActions.Review, incident.IncidentId,
            $"review={review.ReviewId} reviewers={review.FirstReviewer},{review.SecondReviewer} machine={review.Machine}");
        return new(StatusCodes.Status201Created, "Review recorded", "The review is recorded.", Value: review);
    }

    public async Task<CaseOutcome> PlaceHoldAsync(EndpointRequest request, Incident incident, string? reasonText)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!EvidenceAccess.Permits(request.SignedIn, incident, HoldPlacers))
        {
            return Forbidden("Only the agency's e-safety officer or senior manager places a legal hold.");
        }

        FieldErrors errors = new();
        string? reason = EvidenceText.Required(reasonText, "reason", "why the evidence must be held", 2000, errors);
        if (reason is null)
        {
            return CaseOutcome.Invalid(errors);
        }

        LegalHold hold = new(incident.IncidentId, incident.AgencyId, timeProvider.GetUtcNow(), request.SignedIn.Person.PersonId, reason, Automatic: false);
        (LegalHold current, bool placed) = await holds.PlaceAsync(hold, replaceReleased: true, request.Aborted);
        if (!placed)
        {
            return Conflict("Already on hold", "This incident's evidence is already on legal hold (placed " + current.PlacedAt.ToString("d MMM yyyy", CultureInfo.GetCultureInfo("en-GB")) + ").");
        }

        await this.Custody(request, incident, CustodyActions.Hold, incident.IncidentId, reason);
        return new(StatusCodes.Status201Created, "Legal hold placed", "The evidence is on legal hold.", Value: hold);
    }

    public async Task<CaseOutcome> ReleaseHoldAsync(EndpointRequest request, Incident incident, string? reasonText)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!EvidenceAccess.Permits(request.SignedIn, incident, HoldReleasers))
        {
            return Forbidden("Only the agency's senior manager can release a legal hold.");
        }

        FieldErrors errors = new();
        string? reason = EvidenceText.Required(reasonText, "reason", "why the hold can be released", 2000, errors);
        if (reason is null)
        {
            return CaseOutcome.Invalid(errors);
        }

        LegalHold? released = await holds.ReleaseAsync(incident.IncidentId, request.SignedIn.Person.PersonId, reason, timeProvider.GetUtcNow(), request.Aborted);
        if (released is null)
        {
            return Conflict("No legal hold", "This incident's evidence is not on legal hold.");
        }

        await this.Custody(request, incident, CustodyActions.Release, incident.IncidentId, reason);
        return new(StatusCodes.Status200OK, "Legal hold released", "The legal hold is released.", Value: released);
    }

    public async Task<CaseOutcome> RequestDisclosureAsync(EndpointRequest request, Incident incident, DisclosureRequestDraft draft)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!EvidenceAccess.Permits(request.SignedIn, incident, EvidenceAccess.Handlers))
        {
            return Forbidden("Only the agency's IT technicians and e-safety officer record disclosure requests.");
        }

        FieldErrors errors = new();
        DisclosureRequest? disclosure = DisclosureRules.Validate(draft, incident, request.SignedIn.Person.PersonId, timeProvider.GetUtcNow(), this.NewId("dr-"), errors);
        if (disclosure is null)
        {
            return CaseOutcome.Invalid(errors);
        }

        await disclosures.AddAsync(disclosure, request.Aborted);
        await this.Custody(request, incident, CustodyActions.DisclosureRequested, incident.IncidentId,
            $"request={disclosure.RequestId} from={WireNames.Of(disclosure.RequestingBody)} reference={disclosure.RequesterReference}");
        return new(StatusCodes.Status201Created, "Disclosure request recorded", "The request is waiting for the senior manager's decision.", Value: disclosure);
    }

    /// <summary>The senior manager's decision. On approval the package is produced and a one-time download link issued.</summary>
    public async Task<CaseOutcome> DecideDisclosureAsync(EndpointRequest request, Incident incident, string requestId, string? decisionText, string? reasonText)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!EvidenceAccess.Permits(request.SignedIn, incident, DisclosureDeciders))
        {
            return Forbidden("Only the agency's senior manager approves or refuses a disclosure.");
        }

        FieldErrors errors = new();
        bool approve = decisionText == "approve";
        if (decisionText is not ("approve" or "refuse"))
        {
            errors.Add("decision", "Choose approve or refuse");
        }

        string? reason = EvidenceText.Required(reasonText, "reason", "the reasons for the decision", 2000, errors);
        if (errors.Any)
        {
            return CaseOutcome.Invalid(errors);
        }

        DateTimeOffset now = timeProvider.GetUtcNow();
        DisclosureDecision decision = new(approve, request.SignedIn.Person.PersonId, now, reason!);
        bool decidedNow = false;
        DisclosureRequest? decided = await disclosures.UpdateAsync(incident.IncidentId, requestId, current =>
        {
            decidedNow = current.State == DisclosureState.Requested;
            return decidedNow ? current with { State = approve ? DisclosureState.Approved : DisclosureState.Refused, Decision = decision } : current;
        }, request.Aborted);
        if (decided is null)
        {
            return new(StatusCodes.Status404NotFound, "Not found", "There is no such disclosure request for this incident.");
        }

        if (!decidedNow)
        {
            return Conflict("Already decided", "This request has already been decided.");
        }

        if (!approve)
        {
            await this.Custody(request, incident, CustodyActions.DisclosureRefused, incident.IncidentId, $"request={requestId} reason={reason}");
            return new(StatusCodes.Status200OK, "Disclosure refused", "The request is refused.", Value: new { request = decided });
        }

        DateTimeOffset expires = now + DisclosureRules.LinkLifetime;
        IReadOnlyList<EvidenceItem> items = await register.ListAsync(incident.IncidentId, request.Aborted);
        IReadOnlyList<CustodyRecord> custody = await CustodyLog.ReadAsync(trail, custodyIndex, incident, request.Aborted);
        DisclosurePackage package;
        try
        {
            (package, _) = await packages.CreateAsync(new DisclosurePackageContents(decided, incident.Reference, decision, items, custody, expires), now, CancellationToken.None);
        }
        catch (Exception)
        {
            // No package, no approval: put the request back so the senior manager can decide again once storage works.
            await disclosures.UpdateAsync(incident.IncidentId, requestId, current => current with { State = DisclosureState.Requested, Decision = null }, CancellationToken.None);
            throw;
        }

        DisclosureRequest packaged = await disclosures.UpdateAsync(incident.IncidentId, requestId, current => current with { Package = package }, request.Aborted) ?? decided;
        await this.Custody(request, incident, CustodyActions.DisclosureApproved, incident.IncidentId,
            string.Create(CultureInfo.InvariantCulture, $"request={requestId} items={package.Items} manifestSha256={package.ManifestSha256} linkExpires={expires:O} reason={reason}"));
        string path = "/api/disclosure-packages?token=" + Uri.EscapeDataString(links.Sign(DisclosureRules.LinkPurpose, DisclosureRules.LinkSubject(incident.IncidentId, requestId), expires));
        return new(StatusCodes.Status200OK, "Disclosure approved", "The package is ready. Send the link to the requester: it works once, until it expires.",
            Value: new DisclosureApproval(packaged, appLinks.To(path), path, expires, package.ManifestSha256));
    }

    /// <summary>A technician or officer downloads (or views) a stored file: allowed with a reason, recorded as custody.</summary>
    public async Task<(CaseOutcome Outcome, EvidenceFile? File, Stream? Content)> OpenFileAsync(EndpointRequest request, Incident incident, string evidenceId, string? reasonText)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!EvidenceAccess.Permits(request.SignedIn, incident, EvidenceAccess.Handlers))
        {
            return (Forbidden("Only the agency's IT technicians and e-safety officer handle its evidence."), null, null);
        }

        FieldErrors errors = new();
        string? reason = EvidenceText.Required(reasonText, "reason", "why you need the file (it is recorded in the chain of custody)", 500, errors);
        if (reason is null)
        {
            return (CaseOutcome.Invalid(errors), null, null);
        }

        if (await register.FindAsync(incident.IncidentId, evidenceId, request.Aborted) is not { File: { } file })
        {
            return (new(StatusCodes.Status404NotFound, "Not found", "There is no stored file with that id on this incident."), null, null);
        }

        await this.Custody(request, incident, CustodyActions.Download, evidenceId, "reason=" + reason);
        return (new(StatusCodes.Status200OK, "Download", "The file."), file, await vault.OpenReadAsync(file.BlobName, request.Aborted));
    }

    /// <summary>
    /// The retention purge, once the e-safety officer confirms it (typing the incident's reference): refused before the
    /// review date and while a legal hold stands; otherwise every file, package and record of the incident goes, with
    /// its durable workflow history. The custody log keeps the fact of the purge (ids and counts only).
    /// </summary>
    public async Task<CaseOutcome> PurgeAsync(EndpointRequest request, Incident incident, string? reasonText, string? confirmation)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!EvidenceAccess.Permits(request.SignedIn, incident, Purgers))
        {
            return Forbidden("Only the agency's e-safety officer confirms a retention purge.");
        }

        FieldErrors errors = new();
        string? reason = EvidenceText.Required(reasonText, "reason", "the outcome of your review", 2000, errors);
        if (!string.Equals(confirmation?.Trim(), incident.Reference, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("confirmReference", "Type the incident's reference (" + incident.Reference + ") to confirm");
        }

        if (errors.Any)
        {
            return CaseOutcome.Invalid(errors);
        }

        DateTimeOffset now = timeProvider.GetUtcNow();
        RetentionEntry? due = await retention.FindAsync(incident.IncidentId, request.Aborted);
        if (due is null || due.ReviewDueAt > now)
        {
            return Conflict("Not due for purging", due is null
                ? "This incident has no retention date yet (its response plan has not been recorded)."
                : "This incident's records are kept until " + due.ReviewDueAt.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB")) + ".");
        }

        if (await holds.FindAsync(incident.IncidentId, request.Aborted) is { IsActive: true } hold)
        {
            await this.Custody(request, incident, CustodyActions.PurgeRefused, incident.IncidentId, "legal hold placed " + hold.PlacedAt.ToString("O", CultureInfo.InvariantCulture));
            return Conflict("On legal hold", "This incident's evidence is on legal hold: nothing can be purged until the senior manager releases the hold.");
        }

        await this.Custody(request, incident, CustodyActions.Purge, incident.IncidentId, "confirmed; " + due.Basis + "; reason=" + reason);
        RetentionPurgeAuthority authority = new(incident.IncidentId, request.SignedIn.Person.PersonId, reason!, now);
        int files = 0;
        foreach (EvidenceItem item in await register.ListAsync(incident.IncidentId, CancellationToken.None))
        {
            if (item.File is { } file)
            {
                await vault.PurgeForRetentionAsync(file.BlobName, authority, CancellationToken.None);
                files++;
            }
        }

        int packaged = await packages.PurgeAsync(incident.AgencyId, incident.IncidentId, CancellationToken.None);
        await register.DeleteAllAsync(incident.IncidentId, CancellationToken.None);
        await reviews.DeleteAllAsync(incident.IncidentId, CancellationToken.None);
        await disclosures.DeleteAllAsync(incident.IncidentId, CancellationToken.None);
        await holds.DeleteAsync(incident.IncidentId, CancellationToken.None);
        // The response workflow's history (instance id = incident id): stopped if it still waits, then purged.
        int histories = await request.Signals.DeleteHistoryAsync(incident.IncidentId, "retention purge", CancellationToken.None);
        await incidents.DeleteAsync(incident.IncidentId, CancellationToken.None);
        await retention.RemoveAsync(incident.IncidentId, CancellationToken.None);
        await tasks.UpdateAsync(incident.AgencyId, incident.IncidentId + "-retention", t => t with
        {
            State = WorkTaskState.Done,
            Completion = new TaskCompletion(request.SignedIn.Person.PersonId, now, "Records purged after review"),
        }, CancellationToken.None);
        await audit.RecordAsync(request.SignedIn, incident.AgencyId, AuditActions.Change, incident.IncidentId,
            string.Create(CultureInfo.InvariantCulture, $"retention purge: files={files} packages={packaged} workflowHistories={histories}"));
        return new(StatusCodes.Status200OK, "Purged", "Incident " + incident.Reference + " and its evidence are purged.",
            Value: new { incidentId = incident.IncidentId, reference = incident.Reference, purged = new { files, packages = packaged, workflowHistories = histories } });
    }
}
