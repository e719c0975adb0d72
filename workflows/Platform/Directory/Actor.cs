namespace EsafetyServerless.Workflows.Platform.Directory;

/// <summary>
/// The signed-in person an action is taken by, as every use case receives them: who they are, their agency and
/// roles, and the address the request came from (the audit trail records it).
/// </summary>
public sealed record Actor(Person Person, string? From = null)
{
    public string PersonId => this.Person.PersonId;

    public string AgencyId => this.Person.AgencyId;

    public Roles Roles => this.Person.Roles;

    public bool HasAny(Roles roles) => (this.Roles & roles) != 0;

    /// <summary>Board admins act for the board as a whole; everyone else only for their own agency.</summary>
    public bool CanActFor(string agencyId) =>
        this.HasAny(Roles.BoardAdmin) || string.Equals(this.Person.AgencyId, agencyId, StringComparison.Ordinal);

    /// <summary>A member of this agency (not a board admin acting for the board) in one of these roles.</summary>
    public bool IsMemberOf(string agencyId, Roles roles) =>
        string.Equals(this.Person.AgencyId, agencyId, StringComparison.Ordinal) && this.HasAny(roles & Roles.AgencyMembers);
}
