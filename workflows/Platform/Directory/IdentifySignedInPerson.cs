namespace EsafetyServerless.Workflows.Platform.Directory;

/// <summary>What the identity provider asserted about the person signing in.</summary>
/// <param name="ObjectId">The Entra ID object id (<c>oid</c>), when the provider sent it.</param>
/// <param name="TenantId">The Entra ID tenant (<c>tid</c>), when the provider sent it.</param>
public sealed record SignInClaims(string SignInName, string? ObjectId, string? TenantId)
{
    public bool HasIdentity => this.ObjectId is { Length: > 0 } && this.TenantId is { Length: > 0 };
}

/// <summary>
/// Finds the directory entry for the person signing in, on every request. The stable identity comes first: an entry
/// bound to this tenant and object id is theirs whatever name they now sign in with (the new name is recorded). An
/// entry found by sign-in name only is theirs if it is not bound to another account; the first sign-in of a person
/// added by name binds the entry to the account, so a later reuse of the name cannot take it over. A deactivated
/// entry is refused.
/// </summary>
public sealed class IdentifySignedInPerson(IPeopleDirectory directory, DirectoryBootstrap bootstrap) : IUseCase
{
    /// <summary>Failure titles, for the log: which refusal it was, with no personal data.</summary>
    public const string NotInDirectory = "Not in the directory";
    public const string Deactivated = "Account closed";
    public const string IdentityMismatch = "Another person's account";

    static readonly Failure NotInDirectoryFailure = new(FailureKind.Forbidden, NotInDirectory,
        "You are signed in, but you are not in this board's directory. Ask your board administrator to add you.");

    static readonly Failure DeactivatedFailure = new(FailureKind.Forbidden, Deactivated,
        "Your account in this service has been closed, usually because you have left. If you still work for the agency, ask your senior manager or the board administrator to reactivate it.");

    // The sign-in name belongs to an entry bound to another Entra ID account: the name was reused (a new member of
    // staff given a leaver's address), so the entry is not theirs.
    static readonly Failure IdentityMismatchFailure = new(FailureKind.Forbidden, IdentityMismatch,
        "The name you signed in with belongs to another person's account in this service. Ask your board administrator to add you with your own account.");

    public async Task<Outcome<Person>> ExecuteAsync(SignInClaims claims, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claims);
        if (claims.HasIdentity && await directory.FindByIdentityAsync(claims.TenantId!, claims.ObjectId!, cancellationToken) is { } bound)
        {
            if (!bound.Active)
            {
                return DeactivatedFailure;
            }

            if (!string.Equals(bound.SignInName, claims.SignInName, StringComparison.OrdinalIgnoreCase)
                && await directory.FindBySignInNameAsync(claims.SignInName, cancellationToken) is null)
            {
                bound = bound with { SignInName = claims.SignInName };
                await directory.SavePersonAsync(bound, cancellationToken);
            }

            return bound;
        }

        Person? named = await directory.FindBySignInNameAsync(claims.SignInName, cancellationToken);
        if (named is null)
        {
            return await this.BootstrapAsync(claims, cancellationToken) ?? (Outcome<Person>)NotInDirectoryFailure;
        }

        if (named.ObjectId is { Length: > 0 }
            && (!claims.HasIdentity
                || !string.Equals(named.ObjectId, claims.ObjectId, StringComparison.OrdinalIgnoreCase)
                || !string.Equals(named.TenantId, claims.TenantId, StringComparison.OrdinalIgnoreCase)))
        {
            return IdentityMismatchFailure;
        }

        if (!named.Active)
        {
            return DeactivatedFailure;
        }

        if (named.ObjectId is null && claims.HasIdentity)
        {
            named = named with { ObjectId = claims.ObjectId!.Trim(), TenantId = claims.TenantId!.Trim() };
            await directory.SavePersonAsync(named, cancellationToken);
        }

        return named;
    }

    /// <summary>
    /// An empty deployment has nobody to add the first board admin: the configured sign-in name is added as board
    /// admin at its first sign-in, only while the board has nobody in the directory.
    /// </summary>
    async Task<Person?> BootstrapAsync(SignInClaims claims, CancellationToken cancellationToken)
    {
        if (bootstrap.FirstBoardAdmin is not { Length: > 0 } first || !string.Equals(first.Trim(), claims.SignInName, StringComparison.OrdinalIgnoreCase)
            || (await directory.ListPeopleAsync(Agency.BoardId, cancellationToken)).Count > 0)
        {
            return null;
        }

        Person admin = new(Person.NewId(), claims.SignInName, claims.SignInName, Agency.BoardId, Role.BoardAdmin, claims.SignInName)
        {
            ObjectId = claims.HasIdentity ? claims.ObjectId!.Trim() : null,
            TenantId = claims.HasIdentity ? claims.TenantId!.Trim() : null,
        };
        await directory.SavePersonAsync(admin, cancellationToken);
        return admin;
    }
}

/// <summary>The sign-in name that may become the first board admin of an empty directory (<c>Directory__FirstBoardAdmin</c>); null for none.</summary>
public sealed record DirectoryBootstrap(string? FirstBoardAdmin);
