using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Tasks;

/// <summary>
/// Who sees which tasks (docs/domain.md, "Roles"): everyone sees the tasks they hold or delegated; the agency's
/// e-safety officer and senior manager, who answer for the agency's response, may see every task of the agency.
/// </summary>
public static class TaskPermissions
{
    /// <summary>Everyone in the directory has a task list.</summary>
    public const Roles Holders = Roles.AnyRole;

    /// <summary>Those who may see the whole agency's tasks.</summary>
    public const Roles AgencyWide = Roles.EsafetyLeads;

    public static bool MaySeeTheAgencys(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.IsMemberOf(actor.AgencyId, AgencyWide);
    }
}
