using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Evidence;

/// <summary>An incident whose retention review is due, and whether a legal hold keeps it.</summary>
public sealed record RetentionDue(string IncidentId, string Reference, RetentionRecordType RecordType, DateTimeOffset ReviewDueAt, string Basis, bool OnLegalHold);

/// <summary>
/// The e-safety officer's list of their agency's incidents whose retention review is due (docs/domain.md,
/// "Retention"), earliest first, each with any legal hold. The daily job opens a task for each; the list is audited.
/// </summary>
public sealed class ListRetentionDue(IRetentionSchedule retention, ILegalHolds holds, AuditRecorder audit, TimeProvider timeProvider) : IUseCase
{
    /// <param name="view">Where it is listed ("page"), for the audit entry; null for the API.</param>
    public async Task<Outcome<IReadOnlyList<RetentionDue>>> ExecuteAsync(Actor actor, string? view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (EvidencePermissions.ToReviewRetention(actor) is { } denied)
        {
            return denied;
        }

        List<RetentionDue> due = [];
        foreach (RetentionEntry entry in (await retention.ListDueAsync(timeProvider.GetUtcNow(), cancellationToken)).Where(e => e.AgencyId == actor.AgencyId).OrderBy(e => e.ReviewDueAt))
        {
            bool held = await holds.FindAsync(entry.IncidentId, cancellationToken) is { IsActive: true };
            due.Add(new(entry.IncidentId, entry.Reference, entry.RecordType, entry.ReviewDueAt, entry.Basis, held));
        }

        await audit.RecordAsync(actor, actor.AgencyId, AuditActions.List, "retention-due", view);
        return due;
    }
}
