using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Intake;

/// <summary>
/// Emails from senders the directory does not know, for the agency's e-safety leads, newest first. Audited as a list
/// (they may name children).
/// </summary>
public sealed class ListUnverifiedReports(IUnverifiedReports reports, AuditRecorder audit) : IUseCase
{
    /// <param name="state">Null for every state.</param>
    public async Task<Outcome<IReadOnlyList<UnverifiedReport>>> ExecuteAsync(Actor actor, UnverifiedReportState? state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (UnverifiedReportPermissions.ToList(actor) is { } denied)
        {
            return denied;
        }

        IReadOnlyList<UnverifiedReport> items = await reports.ListAsync(actor.AgencyId, state, cancellationToken);
        await audit.RecordAsync(actor, actor.AgencyId, AuditActions.List, "unverified-reports");
        return items.OrderByDescending(r => r.ReceivedAt).ToList();
    }

    /// <summary>Only the e-safety officer accepts or dismisses; the senior manager may look.</summary>
    public static bool MayDecide(Actor actor) => UnverifiedReportPermissions.MayDecide(actor);
}
