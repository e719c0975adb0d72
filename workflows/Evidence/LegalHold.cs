using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Incidents;
using Microsoft.DurableTask;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Workflows.Evidence;

/// <summary>
/// A legal hold on an incident's evidence: while it is active nothing of the incident may be purged, whatever its
/// retention date. Serious incidents get one automatically when the response plan is recorded; only the agency's
/// senior manager releases one, with a reason. One record per incident (the custody log keeps the history).
/// </summary>
/// <param name="PlacedBy">A person id, or <see cref="IncidentAction.SystemActor"/> for the automatic hold.</param>
public sealed record LegalHold(
    string IncidentId,
    string AgencyId,
    DateTimeOffset PlacedAt,
    string PlacedBy,
    string Reason,
    bool Automatic,
    DateTimeOffset? ReleasedAt = null,
    string? ReleasedBy = null,
    string? ReleaseReason = null)
{
    public bool IsActive => this.ReleasedAt is null;
}

/// <summary>Port: the legal hold of each incident.</summary>
public interface ILegalHolds
{
    Task<LegalHold?> FindAsync(string incidentId, CancellationToken cancellationToken);

    /// <summary>
    /// Places the hold unless one is active (then that one is returned and nothing changes). A released hold is
    /// replaced only when <paramref name="replaceReleased"/> is true (a person placing a new hold by hand).
    /// </summary>
    Task<(LegalHold Hold, bool Placed)> PlaceAsync(LegalHold hold, bool replaceReleased, CancellationToken cancellationToken);

    /// <summary>Releases the active hold; null when there is none (or someone released it a moment ago).</summary>
    Task<LegalHold?> ReleaseAsync(string incidentId, string releasedBy, string reason, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the incident's hold record (the retention purge) unless the hold is active: then nothing is removed and
    /// the answer is false. A hold placed at the same moment is never removed with it (the record's ETag guards it).
    /// </summary>
    Task<bool> RemoveUnlessActiveAsync(string incidentId, CancellationToken cancellationToken);
}

/// <summary>
/// After the response plan is recorded: a serious incident's evidence goes on legal hold at once (docs/domain.md, "Retention"), and
/// the hold is a custody entry. Runs once per incident — a hold the senior manager has since released is not placed
/// again by a retried activity — and its custody entry is written exactly once (an operation of the audit trail), so a
/// step that died between placing the hold and recording it records it when it runs again.
/// </summary>
public sealed class PlaceLegalHold(IIncidentStore incidents, ILegalHolds holds, IAuditTrail audit, ICustodyIndex custody, TimeProvider timeProvider) : TaskActivity<IncidentRef, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, IncidentRef input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Incident incident = await incidents.FindAsync(input.IncidentId, CancellationToken.None)
            ?? throw new InvalidOperationException("The incident does not exist: " + input.IncidentId);
        if (incident.Plan is not { Serious: true } plan)
        {
            return false;
        }

        LegalHold hold = new(incident.IncidentId, incident.AgencyId, timeProvider.GetUtcNow(), IncidentAction.SystemActor,
            "Serious incident (" + WireNames.Of(plan.Route) + " route): evidence held automatically", Automatic: true);
        (LegalHold current, bool placed) = await holds.PlaceAsync(hold, replaceReleased: false, CancellationToken.None);
        if (!current.Automatic)
        {
            return false; // Someone had put the evidence on hold by hand: their custody entry stands.
        }

        string operation = AutomaticHoldOperation(incident.IncidentId);
        AuditEntry? entry = await audit.AppendOnceAsync(
            new AuditEvent(incident.AgencyId, IncidentAction.SystemActor, "system", CustodyActions.Prefix + CustodyActions.Hold, incident.IncidentId, null, current.Reason),
            operation, CancellationToken.None);
        if ((entry?.Sequence ?? await audit.FindOperationAsync(incident.AgencyId, operation, CancellationToken.None)) is { } sequence)
        {
            await custody.AddAsync(incident.IncidentId, sequence, CancellationToken.None);
        }

        return placed;
    }

    /// <summary>The audit operation of an incident's automatic hold: one custody entry however often the step runs.</summary>
    public static string AutomaticHoldOperation(string incidentId) => "custody-hold-automatic/" + incidentId;
}

/// <summary>What the chain of custody records (audit actions "custody:…").</summary>
public static class CustodyActions
{
    public const string Prefix = "custody:";
    public const string Upload = "upload";
    public const string UploadRefused = "upload-refused";
    public const string Secure = "secure";

    /// <summary>Everything to be kept is secured: the response's securing task is done.</summary>
    public const string Secured = "secured";
    public const string View = "view";
    public const string Download = "download";
    public const string Verify = "verify";
    public const string Review = "review";
    public const string Seal = "seal";
    public const string Hold = "hold";
    public const string Release = "release";
    public const string DisclosureRequested = "disclosure-requested";
    public const string DisclosureApproved = "disclosure-approved";
    public const string DisclosurePackaged = "disclosure-packaged";
    public const string DisclosureRefused = "disclosure-refused";
    public const string Transfer = "transfer";
    public const string TransferRefused = "transfer-refused";
    public const string Purge = "purge";
    public const string PurgeRefused = "purge-refused";
}
