using System.Globalization;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Orchestration;
using EsafetyServerless.Workflows.Tasks;

namespace EsafetyServerless.Workflows.Evidence;

/// <param name="Reason">The outcome of the officer's review.</param>
/// <param name="ConfirmReference">The incident's reference, typed again to confirm.</param>
public sealed record PurgeDraft(string? Reason, string? ConfirmReference);

/// <summary>What a purge removed.</summary>
public sealed record IncidentPurged(string IncidentId, string Reference, PurgeCounts Purged);

public sealed record PurgeCounts(int Files, int Packages, int WorkflowHistories);

/// <summary>
/// The retention purge (docs/domain.md, "Retention"), once the e-safety officer confirms it by typing the incident's
/// reference: refused before the review date and while a legal hold stands (the refusal is a custody entry);
/// otherwise every file, package and record of the incident goes, with its durable workflow history. The custody log
/// keeps the fact of the purge (ids and counts only), and the retention task is closed.
/// </summary>
public sealed class PurgeIncident(
    IIncidentStore incidents, IEvidenceRegister register, IEvidenceVault vault, IDeviceReviews reviews, ILegalHolds holds, IDisclosureRequests disclosures,
    IDisclosurePackages packages, IRetentionSchedule retention, ITaskStore tasks, IWorkflowSignals workflows, DisclosurePackagingWorkflow packaging,
    CustodyRecorder custody, AuditRecorder audit, TimeProvider timeProvider) : IUseCase
{
    public async Task<Outcome<IncidentPurged>> ExecuteAsync(Actor actor, string incidentId, PurgeDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(draft);
        Incident? incident = await incidents.FindAsync(incidentId, cancellationToken);
        if (incident is null)
        {
            return IncidentPermissions.NotFound();
        }

        if (EvidencePermissions.ToPurge(actor, incident) is { } denied)
        {
            return denied;
        }

        FieldErrors errors = new();
        string? reason = EvidenceText.Required(draft.Reason, "reason", "the outcome of your review", 2000, errors);
        if (!string.Equals(draft.ConfirmReference?.Trim(), incident.Reference, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("confirmReference", "Type the incident's reference (" + incident.Reference + ") to confirm");
        }

        if (errors.Any)
        {
            return Outcome.Invalid(errors);
        }

        DateTimeOffset now = timeProvider.GetUtcNow();
        RetentionEntry? due = await retention.FindAsync(incident.IncidentId, cancellationToken);
        if (due is null || due.ReviewDueAt > now)
        {
            return Outcome.Conflict("Not due for purging", due is null
                ? "This incident has no retention date yet (its response plan has not been recorded)."
                : "This incident's records are kept until " + due.ReviewDueAt.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB")) + ".");
        }

        if (await holds.FindAsync(incident.IncidentId, cancellationToken) is { IsActive: true } hold)
        {
            await custody.RecordAsync(actor, incident, CustodyActions.PurgeRefused, incident.IncidentId, "legal hold placed " + hold.PlacedAt.ToString("O", CultureInfo.InvariantCulture));
            return Outcome.Conflict("On legal hold", "This incident's evidence is on legal hold: nothing can be purged until the senior manager releases the hold.");
        }

        // From here on nothing is cancelled half-way: a purge that started finishes, unless a legal hold is placed while
        // it runs. The hold is looked for again before every deletion, and the purge stops there: what is deleted stays
        // deleted (each deletion is in the audit trail), everything else is kept for the hold.
        await custody.RecordAsync(actor, incident, CustodyActions.Purge, incident.IncidentId, "confirmed; " + due.Basis + "; reason=" + reason);
        RetentionPurgeAuthority authority = new(incident.IncidentId, actor.PersonId, reason!, now);
        int files = 0;
        async Task<Failure?> HeldNowAsync(string before)
        {
            if (await holds.FindAsync(incident.IncidentId, CancellationToken.None) is not { IsActive: true } placed)
            {
                return null;
            }

            await custody.RecordAsync(actor, incident, CustodyActions.PurgeRefused, incident.IncidentId, string.Create(CultureInfo.InvariantCulture,
                $"legal hold placed {placed.PlacedAt:O} while the purge ran; stopped before {before}; files purged={files}"));
            return Outcome.Conflict("On legal hold", string.Create(CultureInfo.InvariantCulture,
                $"A legal hold was placed while the purge ran. It stopped at once: {files} file(s) had been deleted; everything else is kept until the senior manager releases the hold."));
        }

        foreach (EvidenceItem item in await register.ListAsync(incident.IncidentId, CancellationToken.None))
        {
            // A file whose upload never finished is purged by the name its row reserved: whatever is there goes too.
            if ((item.File?.BlobName ?? item.Uploading?.BlobName) is { } blobName)
            {
                if (await HeldNowAsync("file " + item.EvidenceId) is { } heldBeforeFile)
                {
                    return heldBeforeFile;
                }

                await vault.PurgeForRetentionAsync(blobName, authority, CancellationToken.None);
                await register.RemoveAsync(incident.IncidentId, item.EvidenceId, CancellationToken.None);
                files++;
            }
        }

        if (await HeldNowAsync("the records") is { } heldBeforeRecords)
        {
            return heldBeforeRecords;
        }

        // Packaging workflows first, so none writes a package after the packages are gone.
        int histories = 0;
        foreach (DisclosureRequest request in await disclosures.ListAsync(incident.IncidentId, CancellationToken.None))
        {
            histories += await packaging.DeleteHistoryAsync(incident.IncidentId, request.RequestId, CancellationToken.None);
        }

        int packaged = await packages.PurgeAsync(incident.AgencyId, incident.IncidentId, CancellationToken.None);
        await register.DeleteAllAsync(incident.IncidentId, CancellationToken.None);
        await reviews.DeleteAllAsync(incident.IncidentId, CancellationToken.None);
        await disclosures.DeleteAllAsync(incident.IncidentId, CancellationToken.None);
        if (!await holds.RemoveUnlessActiveAsync(incident.IncidentId, CancellationToken.None) && await HeldNowAsync("the hold record") is { } heldBeforeHold)
        {
            return heldBeforeHold;
        }

        // The response workflow's history (instance id = incident id): stopped if it still waits, then purged.
        histories += await workflows.DeleteHistoryAsync(incident.IncidentId, "retention purge", CancellationToken.None);
        if (await HeldNowAsync("the incident") is { } heldBeforeIncident)
        {
            return heldBeforeIncident;
        }

        await incidents.DeleteAsync(incident.IncidentId, CancellationToken.None);
        await retention.RemoveAsync(incident.IncidentId, CancellationToken.None);
        await tasks.UpdateAsync(incident.AgencyId, incident.IncidentId + "-retention", t => t with
        {
            State = WorkTaskState.Done,
            Completion = new TaskCompletion(actor.PersonId, now, "Records purged after review"),
        }, CancellationToken.None);
        await audit.RecordAsync(actor, incident.AgencyId, AuditActions.Change, incident.IncidentId,
            string.Create(CultureInfo.InvariantCulture, $"retention purge: files={files} packages={packaged} workflowHistories={histories}"));
        return new IncidentPurged(incident.IncidentId, incident.Reference, new PurgeCounts(files, packaged, histories));
    }
}
