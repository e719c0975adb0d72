using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.People;

/// <summary>One row of a staff list as a school's MIS or HR system exports it, already split into cells.</summary>
/// <param name="Line">The row's line in the file (the header is line 1), so the preview can point at it.</param>
/// <param name="Roles">The roles cell as written ("Staff; E-safety officer"); blank for staff.</param>
public sealed record StaffImportRow(int Line, string? DisplayName, string? Email, string? Roles);

public enum StaffImportAction
{
    Add,
    Change,
    Unchanged,
    Deactivate,
    Keep,
    Refused,
}

/// <summary>What the import does with one row, or with one person the file leaves out.</summary>
/// <param name="Line">The row's line, or null for a person the file leaves out.</param>
/// <param name="Why">In plain words: what changes, why a row is refused, why a person is kept.</param>
public sealed record StaffImportLine(int? Line, StaffImportAction Action, string DisplayName, string Email, string? PersonId, string Why)
{
    /// <summary>The entry as it will be saved, for adds, changes and deactivations.</summary>
    public Person? Saves { get; init; }
}

/// <param name="Fingerprint">Names exactly this set of changes: a confirmation with another fingerprint is refused (the directory changed since the preview).</param>
public sealed record StaffImportPlan(IReadOnlyList<StaffImportLine> Lines, string Fingerprint, bool Applied)
{
    public int Count(StaffImportAction action) => this.Lines.Count(l => l.Action == action);
}

/// <summary>
/// The staff import: the file is the agency's whole staff list. A row whose email is new adds a person (staff unless
/// the roles cell says otherwise); a row for someone known changes their name or roles when they differ; a person
/// the file leaves out is deactivated when they are staff only, and kept (with the reason) when they hold a lead or
/// technical role, which is changed by hand. The preview shows all of it; confirming applies exactly what it showed.
/// Running the same file twice changes nothing.
/// </summary>
public sealed class ImportStaff(IPeopleDirectory directory, AuditRecorder audit) : IUseCase
{
    public const int MaxRows = 20_000;

    /// <param name="confirmFingerprint">Null for a preview; the preview's fingerprint (or "any", from the API) to apply.</param>
    public async Task<Outcome<StaffImportPlan>> ExecuteAsync(Actor actor, string agencyId, IReadOnlyList<StaffImportRow> rows, string? confirmFingerprint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(rows);
        if (await PeopleRules.AgencyToManageAsync(directory, actor, agencyId, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (agencyId == Agency.BoardId)
        {
            return Outcome.Forbidden("The board's own people are added one by one, not imported.");
        }

        if (rows.Count > MaxRows)
        {
            return Outcome.Invalid("file", string.Create(CultureInfo.InvariantCulture, $"The file has more than {MaxRows} rows: split it"));
        }

        IReadOnlyList<Person> people = await directory.ListPeopleAsync(agencyId, cancellationToken);
        IReadOnlySet<string> elsewhere = await this.SignedInElsewhereAsync(rows, people, cancellationToken);
        List<StaffImportLine> lines = [];
        foreach (StaffImportRow row in rows)
        {
            lines.Add(PlanRow(actor, agencyId, row, people, elsewhere, lines));
        }

        lines.AddRange(PlanLeftOut(actor, people, lines));
        StaffImportPlan plan = new(lines, Fingerprint(lines), Applied: false);
        if (confirmFingerprint is null)
        {
            return plan;
        }

        if (confirmFingerprint != "any" && confirmFingerprint != plan.Fingerprint)
        {
            return Outcome.Conflict("The directory changed since the preview", "Someone changed this agency's people after the preview was made. Upload the file again to see what it would do now.");
        }

        List<Person> saves = lines.Where(l => l.Saves is not null).Select(l => l.Saves!).ToList();
        await directory.SavePeopleAsync(saves, cancellationToken);
        foreach (StaffImportLine line in lines.Where(l => l.Saves is not null))
        {
            await audit.RecordAsync(actor, agencyId, line.Action == StaffImportAction.Add ? AuditActions.Create : AuditActions.Change,
                "person:" + line.Saves!.PersonId, "import " + WireNames.Of(line.Action));
        }

        await audit.RecordAsync(actor, agencyId, AuditActions.Change, "staff-import:" + plan.Fingerprint, string.Create(CultureInfo.InvariantCulture,
            $"added={plan.Count(StaffImportAction.Add)} changed={plan.Count(StaffImportAction.Change)} deactivated={plan.Count(StaffImportAction.Deactivate)} refused={plan.Count(StaffImportAction.Refused)}"));
        return plan with { Applied = true };
    }

    /// <summary>
    /// The emails of the file that are not this agency's people but sign someone in elsewhere: one point read each,
    /// several at a time, so a 5,000-row preview takes seconds.
    /// </summary>
    async Task<IReadOnlySet<string>> SignedInElsewhereAsync(IReadOnlyList<StaffImportRow> rows, IReadOnlyList<Person> people, CancellationToken cancellationToken)
    {
        HashSet<string> own = people.Select(p => p.SignInName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        string[] candidates = rows.Select(r => r.Email?.Trim() ?? string.Empty)
            .Where(e => e.Length > 0 && !own.Contains(e) && DirectoryRules.IsPlainAddress(e))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        System.Collections.Concurrent.ConcurrentDictionary<string, bool> found = new(StringComparer.OrdinalIgnoreCase);
        await Parallel.ForEachAsync(candidates, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (email, token) =>
        {
            if (await directory.FindBySignInNameAsync(email, token) is not null)
            {
                found[email] = true;
            }
        });
        return found.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    static StaffImportLine PlanRow(Actor actor, string agencyId, StaffImportRow row, IReadOnlyList<Person> people, IReadOnlySet<string> elsewhere, List<StaffImportLine> earlier)
    {
        string name = row.DisplayName?.Trim() ?? string.Empty;
        string email = row.Email?.Trim() ?? string.Empty;
        StaffImportLine Refuse(string why) => new(row.Line, StaffImportAction.Refused, name, email, null, why);

        if (name.Length == 0)
        {
            return Refuse("No name.");
        }

        if (name.Length > DirectoryRules.NameMaxLength || TextRules.HasControlCharacters(name))
        {
            return Refuse(string.Create(CultureInfo.InvariantCulture, $"The name is longer than {DirectoryRules.NameMaxLength} characters or has control characters."));
        }

        if (email.Length == 0)
        {
            return Refuse("No email address.");
        }

        if (!DirectoryRules.IsPlainAddress(email))
        {
            return Refuse("The email address is not in the right format (like name@school.sch.uk).");
        }

        if (earlier.FirstOrDefault(l => l.Line is not null && l.Action != StaffImportAction.Refused && string.Equals(l.Email, email, StringComparison.OrdinalIgnoreCase)) is { } first)
        {
            return Refuse(string.Create(CultureInfo.InvariantCulture, $"The same email address as line {first.Line}."));
        }

        if (!StaffImportRoles.TryParse(row.Roles, out Roles roles, out string? unknown))
        {
            return Refuse("Unknown role \"" + unknown + "\": use staff, e-safety officer, senior manager or IT technician, separated by semicolons.");
        }

        Person? known = people.FirstOrDefault(p => string.Equals(p.SignInName, email, StringComparison.OrdinalIgnoreCase));
        if (known is null)
        {
            if (elsewhere.Contains(email))
            {
                return Refuse("Someone in another agency already signs in with this email address.");
            }

            Person added = new(Person.NewId(), email, name, agencyId, roles == Roles.None ? Roles.Staff : roles, email);
            return new(row.Line, StaffImportAction.Add, name, email, null, "Added as " + StaffImportRoles.Describe(added.Roles) + ".") { Saves = added };
        }

        Person changed = known with
        {
            DisplayName = name,
            Roles = roles == Roles.None ? known.Roles : roles,
            Active = true,
        };
        if (known.PersonId == actor.PersonId && !PlatformPermissions.MayManagePeople(changed.Roles))
        {
            return Refuse("This is you: the import cannot take away your own right to manage people.");
        }

        if (changed == known)
        {
            return new(row.Line, StaffImportAction.Unchanged, name, email, known.PersonId, "Already up to date.");
        }

        List<string> what = [];
        if (changed.DisplayName != known.DisplayName)
        {
            what.Add("name from " + known.DisplayName);
        }

        if (changed.Roles != known.Roles)
        {
            what.Add("roles to " + StaffImportRoles.Describe(changed.Roles));
        }

        if (!known.Active)
        {
            what.Add("reactivated");
        }

        return new(row.Line, StaffImportAction.Change, name, email, known.PersonId, "Changes " + string.Join(", ", what) + ".") { Saves = changed };
    }

    static IEnumerable<StaffImportLine> PlanLeftOut(Actor actor, IReadOnlyList<Person> people, List<StaffImportLine> lines)
    {
        HashSet<string> listed = lines.Where(l => l.Action != StaffImportAction.Refused).Select(l => l.Email).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (Person person in people.Where(p => p.Active && !listed.Contains(p.SignInName)).OrderBy(p => p.DisplayName, StringComparer.Ordinal))
        {
            if (person.Roles == Roles.Staff && person.PersonId != actor.PersonId)
            {
                yield return new(null, StaffImportAction.Deactivate, person.DisplayName, person.SignInName, person.PersonId, "Not in the file, so treated as having left.")
                {
                    Saves = person with { Active = false },
                };
            }
            else
            {
                yield return new(null, StaffImportAction.Keep, person.DisplayName, person.SignInName, person.PersonId,
                    "Not in the file, but kept: they are " + StaffImportRoles.Describe(person.Roles) + ". If they have left, deactivate them on their own page.");
            }
        }
    }

    /// <summary>The same changes give the same fingerprint: new people's ids are random, so they are left out of it.</summary>
    static string Fingerprint(IEnumerable<StaffImportLine> lines)
    {
        StringBuilder text = new();
        foreach (StaffImportLine line in lines.Where(l => l.Saves is not null))
        {
            Person saves = line.Saves!;
            text.Append(CultureInfo.InvariantCulture, $"{line.Action}|{line.PersonId}|{saves.SignInName}|{saves.DisplayName}|{saves.Roles}|{saves.Active}\n");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..20];
    }
}

/// <summary>How the roles cell of a staff list reads: the product's role names in words or wire names, separated by semicolons.</summary>
public static class StaffImportRoles
{
    public static bool TryParse(string? cell, out Roles roles, out string? unknown)
    {
        roles = Roles.None;
        unknown = null;
        foreach (string part in (cell ?? string.Empty).Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string key = new(part.ToLowerInvariant().Where(char.IsAsciiLetter).ToArray());
            Role? role = key switch
            {
                "staff" or "staffmember" => Role.Staff,
                "esafetyofficer" or "officer" => Role.EsafetyOfficer,
                "seniormanager" or "headteacher" => Role.SeniorManager,
                "technician" or "ittechnician" => Role.Technician,
                _ => null,
            };
            if (role is null)
            {
                unknown = part;
                return false;
            }

            roles |= role.Value.AsSet();
        }

        return true;
    }

    public static string Describe(Roles roles) => string.Join(" and ", roles.Members().Select(r => r switch
    {
        Role.Staff => "staff",
        Role.EsafetyOfficer => "e-safety officer",
        Role.SeniorManager => "senior manager",
        Role.Technician => "IT technician",
        _ => "board administrator",
    }));
}
