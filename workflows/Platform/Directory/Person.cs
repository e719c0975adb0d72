namespace EsafetyServerless.Workflows.Platform.Directory;

/// <summary>
/// Someone who signs in. The identity provider proves the <see cref="SignInName"/>; this record, kept by the
/// board admin, says which agency they belong to and in which role they act.
/// </summary>
/// <param name="PersonId">Stable id used in records and orchestration inputs instead of names.</param>
/// <param name="SignInName">The name the identity provider asserts (the Entra ID user principal name or email).</param>
/// <param name="AgencyId">The member agency, or <see cref="Agency.BoardId"/> for board administrators.</param>
public sealed record Person(
    string PersonId,
    string SignInName,
    string DisplayName,
    string AgencyId,
    Role Role,
    string Email);

/// <summary>A member agency of the safeguarding board (a school, children's service or youth organisation).</summary>
/// <param name="IntakeAddress">The mailbox staff email incident reports to; the agency is found from it.</param>
public sealed record Agency(string AgencyId, string Name, AgencyKind Kind, string IntakeAddress)
{
    /// <summary>The pseudo-agency that board administrators belong to.</summary>
    public const string BoardId = "board";
}

public enum AgencyKind
{
    School,
    ChildrensServices,
    YouthOrganisation,
    Other,
}
