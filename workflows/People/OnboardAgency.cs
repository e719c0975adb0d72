using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.People;

/// <param name="OfficerHoldsSafeguarding">"yes" or "no": the standard expects the e-safety officer to hold safeguarding responsibility.</param>
/// <param name="ManagerEmail">The senior manager's sign-in email; the officer's email again when one person holds both roles.</param>
public sealed record OnboardingDraft(
    AgencyDraft Agency,
    string? OfficerName,
    string? OfficerEmail,
    string? OfficerHoldsSafeguarding,
    string? ManagerName,
    string? ManagerEmail);

/// <summary>What onboarding created: the agency, its people, and whether the officer holds safeguarding responsibility.</summary>
public sealed record Onboarded(Agency Agency, IReadOnlyList<Person> People, bool OfficerHoldsSafeguarding);

/// <summary>
/// The board admin brings an agency in, in one go: the agency and its incident mailbox, its e-safety officer and its
/// senior manager (one person when the same email is given for both — common in a small primary school). Everything
/// is checked before anything is saved, so a form with an error creates nothing.
/// </summary>
public sealed class OnboardAgency(IPeopleDirectory directory, AuditRecorder audit) : IUseCase
{
    public async Task<Outcome<Onboarded>> ExecuteAsync(Actor actor, OnboardingDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (PlatformPermissions.ToManageAgencies(actor) is { } denied)
        {
            return denied;
        }

        IReadOnlyList<Agency> agencies = await directory.ListAgenciesAsync(cancellationToken);
        FieldErrors errors = new();
        Agency? agency = AgencyRules.Validate(draft.Agency, agencies, errors);
        string? officerName = TextRules.Required(draft.OfficerName, "officerName", "Enter the e-safety officer's name", DirectoryRules.NameMaxLength, "The name", errors);
        string? officerEmail = DirectoryRules.Address(draft.OfficerEmail, "officerEmail", "the e-safety officer's email address", errors);
        bool? safeguarding = draft.OfficerHoldsSafeguarding switch { "yes" => true, "no" => false, _ => null };
        if (safeguarding is null)
        {
            errors.Add("officerHoldsSafeguarding", "Say whether the e-safety officer holds safeguarding responsibility");
        }

        string? managerName = TextRules.Required(draft.ManagerName, "managerName", "Enter the senior manager's name", DirectoryRules.NameMaxLength, "The name", errors);
        string? managerEmail = DirectoryRules.Address(draft.ManagerEmail, "managerEmail", "the senior manager's email address", errors);
        foreach ((string field, string? email) in new[] { ("officerEmail", officerEmail), ("managerEmail", managerEmail) })
        {
            if (email is not null && await directory.FindBySignInNameAsync(email, cancellationToken) is not null)
            {
                errors.Add(field, "Someone in the directory already signs in as " + email);
            }
        }

        if (errors.Any)
        {
            return Outcome.Invalid(errors);
        }

        List<Person> people = string.Equals(officerEmail, managerEmail, StringComparison.OrdinalIgnoreCase)
            ? [new(Person.NewId(), officerEmail!, officerName!, agency!.AgencyId, Roles.EsafetyOfficer | Roles.SeniorManager, officerEmail!)]
            :
            [
                new(Person.NewId(), officerEmail!, officerName!, agency!.AgencyId, Role.EsafetyOfficer, officerEmail!),
                new(Person.NewId(), managerEmail!, managerName!, agency.AgencyId, Role.SeniorManager, managerEmail!),
            ];

        // People first, the agency last: until the agency exists nothing lists them, so a failure half-way leaves no half-made agency.
        foreach (Person person in people)
        {
            await directory.SavePersonAsync(person, cancellationToken);
        }

        await directory.SaveAgencyAsync(agency, cancellationToken);
        await audit.RecordAsync(actor, agency.AgencyId, AuditActions.Create, "agency:" + agency.AgencyId, "onboarded officerHoldsSafeguarding=" + (safeguarding!.Value ? "yes" : "no"));
        foreach (Person person in people)
        {
            await audit.RecordAsync(actor, agency.AgencyId, AuditActions.Create, "person:" + person.PersonId, "roles=" + person.Roles.ToAuditName());
        }

        return new Onboarded(agency, people, safeguarding.Value);
    }
}
