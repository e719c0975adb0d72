namespace EsafetyServerless.Workflows.Platform.Directory;

/// <summary>
/// A set of <see cref="Role"/>s: who an endpoint lets in and what a capability's permission rule names. Constants,
/// so an endpoint declaration (an attribute) and the use case behind it can name the same set.
/// </summary>
[Flags]
public enum Roles
{
    None = 0,
    Staff = 1 << (int)Role.Staff,
    EsafetyOfficer = 1 << (int)Role.EsafetyOfficer,
    SeniorManager = 1 << (int)Role.SeniorManager,
    Technician = 1 << (int)Role.Technician,
    BoardAdmin = 1 << (int)Role.BoardAdmin,

    /// <summary>The agency's e-safety leads: they keep the incident log and the registers.</summary>
    EsafetyLeads = EsafetyOfficer | SeniorManager,

    /// <summary>Everyone who works in an agency (board admins act for the board, not an agency).</summary>
    AgencyMembers = Staff | EsafetyOfficer | SeniorManager | Technician,

    /// <summary>Anyone in the directory.</summary>
    AnyRole = AgencyMembers | BoardAdmin,
}

public static class RoleSets
{
    /// <summary>The set holding just this role.</summary>
    public static Roles AsSet(this Role role) => (Roles)(1 << (int)role);

    public static bool Contains(this Roles roles, Role role) => (roles & role.AsSet()) != 0;

    /// <summary>The roles in the set, in the order of <see cref="Role"/>.</summary>
    public static IReadOnlyList<Role> Members(this Roles roles) => Enum.GetValues<Role>().Where(r => roles.Contains(r)).ToArray();

    /// <summary>
    /// The roles as the audit trail records them: the role names joined by <c>+</c> ("SeniorManager+EsafetyOfficer"),
    /// never a composite flag name such as "EsafetyLeads".
    /// </summary>
    public static string ToAuditName(this Roles roles) => string.Join('+', roles.Members());
}
