namespace EsafetyServerless.Workflows.Platform.Directory;

/// <summary>The roles of DOMAIN.md §1 that sign in to the system. External recipients never sign in.</summary>
public enum Role
{
    Staff,
    EsafetyOfficer,
    SeniorManager,
    Technician,
    BoardAdmin,
}
