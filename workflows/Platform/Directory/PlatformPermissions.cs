using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Workflows.Platform.Directory;

/// <summary>
/// Who may look after the platform and read the directory (docs/domain.md, "Roles"): IT technicians and the board
/// admin run deployment self-tests; the board admin lists the member agencies; an agency's e-safety officer and
/// senior manager see who works in their own agency, and the board admin in any. Each rule answers with the failure
/// to return, or null when the action is allowed.
/// </summary>
public static class PlatformPermissions
{
    /// <summary>Those who run and confirm deployment self-tests.</summary>
    public const Roles SelfTesters = Roles.Technician | Roles.BoardAdmin;

    /// <summary>Those who list the board's member agencies.</summary>
    public const Roles AgencyListers = Roles.BoardAdmin;

    /// <summary>Those who see who works in an agency, and in which role.</summary>
    public const Roles PeopleReaders = Roles.EsafetyLeads | Roles.BoardAdmin;

    /// <summary>Those who add, change and deactivate people: the board admin for any agency, the senior manager for their own.</summary>
    public const Roles PeopleManagers = Roles.SeniorManager | Roles.BoardAdmin;

    /// <summary>Whether a person holding these roles may manage people somewhere.</summary>
    public static bool MayManagePeople(Roles roles) => (roles & PeopleManagers) != 0;

    public static Failure? ToManageAgencies(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.HasAny(Roles.BoardAdmin) ? null : Outcome.Forbidden("Only the board administrator adds, changes and archives agencies.");
    }

    public static Failure? ToManagePeople(Actor actor, string agencyId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.HasAny(Roles.BoardAdmin))
        {
            return null;
        }

        return actor.IsMemberOf(agencyId, Roles.SeniorManager) && agencyId != Agency.BoardId
            ? null
            : Outcome.Forbidden("Only the agency's senior manager and the board administrator add, change and deactivate people.");
    }

    public static Failure? ToRunSelfTests(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.HasAny(SelfTesters) ? null : Outcome.Forbidden("Only IT technicians and the board administrator run self-tests.");
    }

    public static Failure? ToListAgencies(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.HasAny(AgencyListers) ? null : Outcome.Forbidden("Only the board administrator lists the member agencies.");
    }

    public static Failure? ToListPeople(Actor actor, string agencyId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.HasAny(PeopleReaders))
        {
            return Outcome.Forbidden("Only the agency's e-safety officer and senior manager, and the board administrator, see who works in an agency.");
        }

        return actor.CanActFor(agencyId) ? null : Outcome.Forbidden("That belongs to another agency.");
    }
}
