using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Http.Security;

/// <summary>Who may call an endpoint. Agency scoping is checked by the handler through <see cref="Actor.CanActFor"/>.</summary>
public sealed record Access(bool AllowsAnonymous, IReadOnlySet<Role> Roles)
{
    public static Access Anonymous { get; } = new(true, new HashSet<Role>());

    public static Access AnyRole { get; } = new(false, Enum.GetValues<Role>().ToHashSet());

    public static Access For(params Role[] roles) => new(false, roles.ToHashSet());

    public bool Permits(Role role) => this.Roles.Contains(role);
}

/// <summary>The signed-in person a request acts as.</summary>
public sealed record Actor(Person Person)
{
    public Role Role => this.Person.Role;

    public string AgencyId => this.Person.AgencyId;

    /// <summary>Board admins act for the board as a whole; everyone else only for their own agency.</summary>
    public bool CanActFor(string agencyId) =>
        this.Person.Role == Role.BoardAdmin || string.Equals(this.Person.AgencyId, agencyId, StringComparison.Ordinal);
}
