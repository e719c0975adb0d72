namespace EsafetyServerless.Workflows.Platform.Directory;

/// <summary>
/// Someone who signs in. The identity provider proves who they are (Entra ID object id and tenant, and a sign-in
/// name that can change); this record, kept by the board admin and the agency's senior manager, says which agency
/// they belong to and in which roles they act. A person who leaves is deactivated, never deleted, so their name
/// stays on what they did.
/// </summary>
/// <param name="PersonId">Stable id used in records and orchestration inputs instead of names.</param>
/// <param name="SignInName">The name the identity provider asserts (the Entra ID user principal name or email).</param>
/// <param name="AgencyId">The member agency, or <see cref="Agency.BoardId"/> for board administrators.</param>
/// <param name="Roles">One or more roles: in a small primary school the head teacher is often the e-safety officer too.</param>
public sealed record Person(
    string PersonId,
    string SignInName,
    string DisplayName,
    string AgencyId,
    Roles Roles,
    string Email)
{
    /// <summary>A person in one role, as most are.</summary>
    public Person(string personId, string signInName, string displayName, string agencyId, Role role, string email)
        : this(personId, signInName, displayName, agencyId, role.AsSet(), email)
    {
    }

    /// <summary>A new person's id: random, so it says nothing about them.</summary>
    public static string NewId() => "p-" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>The Entra ID object id (<c>oid</c>): with <see cref="TenantId"/>, the identity that never changes.</summary>
    public string? ObjectId { get; init; }

    /// <summary>The Entra ID tenant (<c>tid</c>) the object id belongs to.</summary>
    public string? TenantId { get; init; }

    /// <summary>False once they have left: they cannot sign in and receive nothing, but their history keeps their name.</summary>
    public bool Active { get; init; } = true;

    /// <summary>
    /// Whether they act in this role now: holds it and is active. Everything that picks recipients or owners asks
    /// this, so a deactivated person is never sent a notice or given a task.
    /// </summary>
    public bool ActsAs(Role role) => this.Active && this.Roles.Contains(role);

    /// <summary>Whether they hold any of these roles and are active.</summary>
    public bool ActsAsAny(Roles roles) => this.Active && (this.Roles & roles) != 0;
}

/// <summary>A member agency of the safeguarding board (a school, children's service or youth organisation).</summary>
/// <param name="IntakeAddress">The mailbox staff email incident reports to; the agency is found from it, so it is unique across the board.</param>
public sealed record Agency(string AgencyId, string Name, AgencyKind Kind, string IntakeAddress)
{
    /// <summary>The pseudo-agency that board administrators belong to.</summary>
    public const string BoardId = "board";

    /// <summary>When the board admin archived it: every record is kept, and it takes no new reports.</summary>
    public DateTimeOffset? ArchivedAt { get; init; }

    public bool Archived => this.ArchivedAt is not null;
}

public enum AgencyKind
{
    School,
    ChildrensServices,
    YouthOrganisation,
    Other,
}
