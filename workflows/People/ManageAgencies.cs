using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.People;

/// <param name="Kind">The kind's wire name: school, childrens-services, youth-organisation or other.</param>
/// <param name="IntakeAddress">The mailbox staff email reports to; unique across the board.</param>
public sealed record AgencyDraft(string? Name, string? Kind, string? IntakeAddress);

/// <summary>What to change of an agency; a null field stays as it is. <c>Archived</c> false brings an archived agency back.</summary>
public sealed record AgencyChanges(string? Name, string? Kind, string? IntakeAddress, bool? Archived);

/// <summary>The board admin brings a member agency in: its name, kind and incident mailbox.</summary>
public sealed class CreateAgency(IPeopleDirectory directory, AuditRecorder audit) : IUseCase
{
    public async Task<Outcome<Agency>> ExecuteAsync(Actor actor, AgencyDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (PlatformPermissions.ToManageAgencies(actor) is { } denied)
        {
            return denied;
        }

        IReadOnlyList<Agency> agencies = await directory.ListAgenciesAsync(cancellationToken);
        FieldErrors errors = new();
        Agency? agency = AgencyRules.Validate(draft, agencies, errors);
        if (agency is null)
        {
            return Outcome.Invalid(errors);
        }

        await directory.SaveAgencyAsync(agency, cancellationToken);
        await audit.RecordAsync(actor, agency.AgencyId, AuditActions.Create, "agency:" + agency.AgencyId);
        return agency;
    }
}

/// <summary>
/// The board admin corrects an agency, or archives it: every record is kept and can still be read, but it takes no
/// new reports, by form or by email.
/// </summary>
public sealed class UpdateAgency(IPeopleDirectory directory, AuditRecorder audit, TimeProvider timeProvider) : IUseCase
{
    public async Task<Outcome<Agency>> ExecuteAsync(Actor actor, string agencyId, AgencyChanges changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (PlatformPermissions.ToManageAgencies(actor) is { } denied)
        {
            return denied;
        }

        if (await directory.GetAgencyAsync(agencyId, cancellationToken) is not { } agency)
        {
            return Outcome.NotFound("There is no agency with that id.");
        }

        IReadOnlyList<Agency> agencies = await directory.ListAgenciesAsync(cancellationToken);
        FieldErrors errors = new();
        Agency changed = agency;
        if (changes.Name is not null && TextRules.Required(changes.Name, "name", "Enter the agency's name", DirectoryRules.NameMaxLength, "The name", errors) is { } name)
        {
            if (agencies.Any(a => a.AgencyId != agencyId && string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add("name", "There is already an agency called " + name);
            }

            changed = changed with { Name = name };
        }

        if (changes.Kind is not null && AgencyRules.Kind(changes.Kind, errors) is { } kind)
        {
            changed = changed with { Kind = kind };
        }

        if (changes.IntakeAddress is not null && AgencyRules.IntakeAddress(changes.IntakeAddress, agencies, agencyId, errors) is { } intake)
        {
            changed = changed with { IntakeAddress = intake };
        }

        if (changes.Archived is { } archived && archived != agency.Archived)
        {
            changed = changed with { ArchivedAt = archived ? timeProvider.GetUtcNow() : null };
        }

        if (errors.Any)
        {
            return Outcome.Invalid(errors);
        }

        if (changed != agency)
        {
            await directory.SaveAgencyAsync(changed, cancellationToken);
            string detail = changed.Archived == agency.Archived ? "details" : changed.Archived ? "archived" : "restored";
            await audit.RecordAsync(actor, agencyId, AuditActions.Change, "agency:" + agencyId, detail);
        }

        return changed;
    }
}

/// <summary>The rules an agency's fields meet, for creating and for changing one.</summary>
public static class AgencyRules
{
    /// <summary>A new agency from the draft, with an id of its own made from its name; null with the field errors.</summary>
    public static Agency? Validate(AgencyDraft draft, IReadOnlyList<Agency> agencies, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(agencies);
        ArgumentNullException.ThrowIfNull(errors);
        string? name = TextRules.Required(draft.Name, "name", "Enter the agency's name", DirectoryRules.NameMaxLength, "The name", errors);
        AgencyKind? kind = Kind(draft.Kind, errors);
        string? intake = IntakeAddress(draft.IntakeAddress, agencies, null, errors);
        if (name is not null && agencies.Any(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add("name", "There is already an agency called " + name);
        }

        if (errors.Any)
        {
            return null;
        }

        string baseId = DirectoryRules.AgencyIdFrom(name!);
        string agencyId = baseId;
        for (int n = 2; agencies.Any(a => a.AgencyId == agencyId); n++)
        {
            agencyId = baseId + "-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return new Agency(agencyId, name!, kind!.Value, intake!);
    }

    public static AgencyKind? Kind(string? value, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (WireNames.TryParse(value?.Trim(), out AgencyKind kind))
        {
            return kind;
        }

        // Plain words, as the form's choices read; the API's values are the same words in kebab-case.
        errors.Add("kind", "Choose what kind of agency it is: a school, children's services, a youth organisation or other");
        return null;
    }

    /// <summary>The incident mailbox: a plain address no other agency uses (the agency of an emailed report is found from it).</summary>
    public static string? IntakeAddress(string? value, IReadOnlyList<Agency> agencies, string? ownAgencyId, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(agencies);
        string? address = DirectoryRules.Address(value, "intakeAddress", "the incident mailbox's address", errors);
        if (address is not null && agencies.FirstOrDefault(a => a.AgencyId != ownAgencyId && string.Equals(a.IntakeAddress, address, StringComparison.OrdinalIgnoreCase)) is { } other)
        {
            errors.Add("intakeAddress", other.Name + " already uses " + address + ": each agency needs its own incident mailbox");
            return null;
        }

        return address;
    }
}
