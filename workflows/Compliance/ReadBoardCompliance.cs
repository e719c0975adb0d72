using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Registers;

namespace EsafetyServerless.Workflows.Compliance;

/// <summary>
/// Every member agency's checks side by side, for the board admin: statuses and evidence (titles, dates and counts),
/// never a child's details. Audited in the board's trail.
/// </summary>
public sealed class ReadBoardCompliance(ComplianceReader reader, AuditRecorder audit) : IUseCase
{
    /// <param name="view">Where it is read ("page"), for the audit entry; null for the API.</param>
    public async Task<Outcome<IReadOnlyList<AgencyCompliance>>> ExecuteAsync(Actor actor, string? view, CancellationToken cancellationToken)
    {
        if (RegisterPermissions.ToSeeBoardCompliance(actor) is { } denied)
        {
            return denied;
        }

        IReadOnlyList<AgencyCompliance> all = await reader.CheckAllAsync(cancellationToken);
        await audit.RecordAsync(actor, Agency.BoardId, AuditActions.Read, "compliance", view);
        return all.ToList();
    }
}

/// <summary>The board's view for a spreadsheet (the CSV): the same checks, the export audited as such.</summary>
public sealed class ExportBoardCompliance(ComplianceReader reader, AuditRecorder audit) : IUseCase
{
    public async Task<Outcome<IReadOnlyList<AgencyCompliance>>> ExecuteAsync(Actor actor, CancellationToken cancellationToken)
    {
        if (RegisterPermissions.ToSeeBoardCompliance(actor) is { } denied)
        {
            return denied;
        }

        IReadOnlyList<AgencyCompliance> all = await reader.CheckAllAsync(cancellationToken);
        await audit.RecordAsync(actor, Agency.BoardId, AuditActions.Export, "compliance", "csv agencies=" + all.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return all.ToList();
    }
}
