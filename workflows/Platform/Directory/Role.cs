namespace EsafetyServerless.Workflows.Platform.Directory;

/// <summary>The roles (docs/domain.md, "Roles") that sign in to the system. External recipients never sign in.</summary>
public enum Role
{
    Staff,
    EsafetyOfficer,
    SeniorManager,
    Technician,
    BoardAdmin,
}
