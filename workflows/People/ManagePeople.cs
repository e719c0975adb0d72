using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.People;

/// <param name="Roles">Role wire names: staff, esafety-officer, senior-manager, technician (board-admin for the board).</param>
/// <param name="Email">Where their notices go; their sign-in name when left out.</param>
public sealed record NewPersonDraft(string? DisplayName, string? SignInName, string? Email, string? ObjectId, string? TenantId, IReadOnlyList<string>? Roles);

/// <summary>What to change of a person; a null field stays as it is, an empty object id unbinds the account.</summary>
public sealed record PersonChanges(string? DisplayName, string? SignInName, string? Email, string? ObjectId, string? TenantId, IReadOnlyList<string>? Roles, bool? Active);

/// <summary>
/// The board admin (for any agency) or the agency's senior manager (for their own) adds a person: who they are to the
/// identity provider and in which roles they act. Sign-in names and Entra ID identities are unique across the board.
/// </summary>
public sealed class AddPerson(IPeopleDirectory directory, AuditRecorder audit) : IUseCase
{
    public async Task<Outcome<Person>> ExecuteAsync(Actor actor, string agencyId, NewPersonDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (await PeopleRules.AgencyToManageAsync(directory, actor, agencyId, cancellationToken) is { } refused)
        {
            return refused;
        }

        FieldErrors errors = new();
        string? displayName = TextRules.Required(draft.DisplayName, "displayName", "Enter the person's name", DirectoryRules.NameMaxLength, "The name", errors);
        string? signInName = DirectoryRules.Address(draft.SignInName, "signInName", "the name they sign in with", errors);
        string? email = DirectoryRules.Address(draft.Email, "email", "their email address", errors, required: false) ?? signInName;
        Roles? roles = DirectoryRules.RolesFrom(draft.Roles, agencyId, "roles", errors);
        (string? objectId, string? tenantId) = PeopleRules.Identity(draft.ObjectId, draft.TenantId, errors);
        if (errors.Any)
        {
            return Outcome.Invalid(errors);
        }

        Person person = new(Person.NewId(), signInName!, displayName!, agencyId, roles!.Value, email!) { ObjectId = objectId, TenantId = tenantId };
        if (await PeopleRules.TakenAsync(directory, person, cancellationToken) is { } taken)
        {
            return taken;
        }

        await directory.SavePersonAsync(person, cancellationToken);
        await audit.RecordAsync(actor, agencyId, AuditActions.Create, "person:" + person.PersonId, "roles=" + person.Roles.ToAuditName());
        return person;
    }
}

/// <summary>
/// The board admin or the agency's senior manager corrects a person, changes their roles, or deactivates them when
/// they leave (never deleted: their history keeps their name). Nobody deactivates themselves or drops their own
/// right to manage people, so an agency is never left without a manager by accident.
/// </summary>
public sealed class UpdatePerson(IPeopleDirectory directory, AuditRecorder audit) : IUseCase
{
    public async Task<Outcome<Person>> ExecuteAsync(Actor actor, string agencyId, string personId, PersonChanges changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(changes);
        if (await PeopleRules.AgencyToManageAsync(directory, actor, agencyId, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (await directory.GetPersonAsync(personId, cancellationToken) is not { } person || person.AgencyId != agencyId)
        {
            return Outcome.NotFound("There is no person with that id in this agency.");
        }

        FieldErrors errors = new();
        Person changed = person;
        if (changes.DisplayName is not null && TextRules.Required(changes.DisplayName, "displayName", "Enter the person's name", DirectoryRules.NameMaxLength, "The name", errors) is { } displayName)
        {
            changed = changed with { DisplayName = displayName };
        }

        if (changes.SignInName is not null && DirectoryRules.Address(changes.SignInName, "signInName", "the name they sign in with", errors) is { } signInName)
        {
            changed = changed with { SignInName = signInName };
        }

        if (changes.Email is not null && DirectoryRules.Address(changes.Email, "email", "their email address", errors) is { } email)
        {
            changed = changed with { Email = email };
        }

        if (changes.Roles is not null && DirectoryRules.RolesFrom(changes.Roles, agencyId, "roles", errors) is { } roles)
        {
            changed = changed with { Roles = roles };
        }

        if (changes.ObjectId is not null || changes.TenantId is not null)
        {
            (string? objectId, string? tenantId) = PeopleRules.Identity(changes.ObjectId ?? person.ObjectId, changes.TenantId ?? person.TenantId, errors);
            changed = changed with { ObjectId = objectId, TenantId = tenantId };
        }

        if (changes.Active is { } active)
        {
            changed = changed with { Active = active };
        }

        if (person.PersonId == actor.PersonId && (!changed.Active || !PlatformPermissions.MayManagePeople(changed.Roles)))
        {
            errors.Add(changed.Active ? "roles" : "active", "You cannot deactivate yourself or give up your own right to manage people: ask the board administrator");
        }

        if (errors.Any)
        {
            return Outcome.Invalid(errors);
        }

        if (changed == person)
        {
            return person;
        }

        if (await PeopleRules.TakenAsync(directory, changed, cancellationToken) is { } taken)
        {
            return taken;
        }

        await directory.SavePersonAsync(changed, cancellationToken);
        await audit.RecordAsync(actor, agencyId, AuditActions.Change, "person:" + personId, PeopleRules.Describe(person, changed));
        return changed;
    }
}

/// <summary>The checks adding, changing and importing people share.</summary>
public static class PeopleRules
{
    /// <summary>Null when the actor may manage this agency's people and it exists (the board counts as one).</summary>
    public static async Task<Failure?> AgencyToManageAsync(IPeopleDirectory directory, Actor actor, string agencyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (PlatformPermissions.ToManagePeople(actor, agencyId) is { } denied)
        {
            return denied;
        }

        return agencyId == Agency.BoardId || await directory.GetAgencyAsync(agencyId, cancellationToken) is not null
            ? null
            : Outcome.NotFound("There is no agency with that id.");
    }

    /// <summary>An Entra ID identity is both ids or neither.</summary>
    public static (string? ObjectId, string? TenantId) Identity(string? objectId, string? tenantId, FieldErrors errors)
    {
        string? oid = DirectoryRules.EntraId(objectId, "objectId", "The object id", errors);
        string? tid = DirectoryRules.EntraId(tenantId, "tenantId", "The tenant id", errors);
        if (oid is not null && tid is null && !errors.Has("tenantId"))
        {
            errors.Add("tenantId", "Enter the tenant id with the object id (Entra ID shows both on the user's overview)");
        }

        return oid is null ? (null, null) : (oid, tid);
    }

    /// <summary>409 when someone else already signs in with this name or this Entra ID account.</summary>
    public static async Task<Failure?> TakenAsync(IPeopleDirectory directory, Person person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(person);
        if (await directory.FindBySignInNameAsync(person.SignInName, cancellationToken) is { } named && named.PersonId != person.PersonId)
        {
            return Outcome.Conflict("Sign-in name already used", "Someone in the directory already signs in as " + person.SignInName + ". Each person has their own sign-in name.");
        }

        if (person.ObjectId is not null && await directory.FindByIdentityAsync(person.TenantId!, person.ObjectId, cancellationToken) is { } bound && bound.PersonId != person.PersonId)
        {
            return Outcome.Conflict("Account already used", "That Entra ID account already belongs to another person in the directory.");
        }

        return null;
    }

    /// <summary>What changed, for the audit trail: field names and roles, not the values of names or addresses.</summary>
    public static string Describe(Person before, Person after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        List<string> parts = [];
        if (before.DisplayName != after.DisplayName)
        {
            parts.Add("displayName");
        }

        if (before.SignInName != after.SignInName)
        {
            parts.Add("signInName");
        }

        if (before.Email != after.Email)
        {
            parts.Add("email");
        }

        if (before.ObjectId != after.ObjectId || before.TenantId != after.TenantId)
        {
            parts.Add("identity");
        }

        if (before.Roles != after.Roles)
        {
            parts.Add("roles=" + after.Roles.ToAuditName());
        }

        if (before.Active != after.Active)
        {
            parts.Add(after.Active ? "reactivated" : "deactivated");
        }

        return string.Join(' ', parts);
    }
}
