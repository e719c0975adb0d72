using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Registers;

namespace EsafetyServerless.Workflows.Compliance;

/// <summary>
/// An agency's checks against the standard's musts, with their evidence and where to fix each: for its e-safety
/// leads, and for the board admin (any agency). Audited in the agency's trail.
/// </summary>
public sealed class ReadAgencyCompliance(ComplianceReader reader, IPeopleDirectory directory, AuditRecorder audit) : IUseCase
{
    /// <param name="view">Where it is read ("page"), for the audit entry; null for the API.</param>
    public async Task<Outcome<AgencyCompliance>> ExecuteAsync(Actor actor, string agencyId, string? view, CancellationToken cancellationToken)
    {
        if (RegisterPermissions.ToSeeCompliance(actor, agencyId) is { } denied)
        {
            return denied;
        }

        // The board admin may ask for any agency: only a real one is read and audited.
        Agency? agency = agencyId.Length > 64 ? null : await directory.GetAgencyAsync(agencyId, cancellationToken);
        if (agency is null)
        {
            return Outcome.NotFound("There is no agency with that id.");
        }

        AgencyCompliance compliance = await reader.CheckAsync(agency, cancellationToken);
        await audit.RecordAsync(actor, agencyId, AuditActions.Read, "compliance", view);
        return compliance;
    }
}
