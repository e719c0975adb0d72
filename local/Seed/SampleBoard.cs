using EsafetyServerless.Workflows.Escalation;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Response;
using EsafetyServerless.Workflows.Incidents;

namespace EsafetyServerless.Local.Seed;

/// <summary>
/// The sample board the local runtime seeds on first start: two member agencies and a person in every role.
/// Addresses use the reserved <c>.example</c> domain so nothing can ever be mailed to a real person.
/// </summary>
public static class SampleBoard
{
    public static readonly Agency Northfield = new("northfield-primary", "Northfield Primary School", AgencyKind.School, "esafety@northfield-primary.example");
    public static readonly Agency Riverside = new("riverside-youth", "Riverside Youth Club", AgencyKind.YouthOrganisation, "esafety@riverside-youth.example");

    public static IReadOnlyList<Agency> Agencies { get; } = [Northfield, Riverside];

    public static IReadOnlyList<Person> People { get; } =
    [
        Person("amy.staff", "Amy Clarke", Northfield, Role.Staff),
        Person("omar.officer", "Omar Hussain", Northfield, Role.EsafetyOfficer),
        Person("sarah.head", "Sarah Whitfield", Northfield, Role.SeniorManager),
        Person("tom.tech", "Tom Bailey", Northfield, Role.Technician),
        Person("ben.staff", "Ben Okafor", Riverside, Role.Staff),
        Person("rita.officer", "Rita Patel", Riverside, Role.EsafetyOfficer),
        Person("mark.manager", "Mark Evans", Riverside, Role.SeniorManager),
        Person("lee.tech", "Lee Chen", Riverside, Role.Technician),
        new("board.admin", "board.admin@safeguarding-board.example", "Jo Grant", Agency.BoardId, Role.BoardAdmin, "board.admin@safeguarding-board.example"),
    ];

    /// <summary>The seeded person with a role in an agency (for tests and scripts).</summary>
    public static Person InRole(Agency agency, Role role)
    {
        ArgumentNullException.ThrowIfNull(agency);
        return People.Single(p => p.AgencyId == agency.AgencyId && p.Roles == role.AsSet());
    }

    public static Person BoardAdmin => People.Single(p => p.Roles == Roles.BoardAdmin);

    /// <summary>Seeds the board when the directory has no agencies, so a board admin's later edits are never overwritten.</summary>
    /// <summary>The sample board reaches the LADO and First Response by secure mailbox, and the police, CEOP and IWF by hand.</summary>
    public static IReadOnlyList<TargetChannel> Channels { get; } =
    [
        new(EscalationTarget.Police, ChannelKind.Manual, null, TargetChannel.DefaultInstructions(EscalationTarget.Police)),
        new(EscalationTarget.Ceop, ChannelKind.Manual, null, TargetChannel.DefaultInstructions(EscalationTarget.Ceop)),
        new(EscalationTarget.Iwf, ChannelKind.Manual, null, TargetChannel.DefaultInstructions(EscalationTarget.Iwf)),
        new(EscalationTarget.Lado, ChannelKind.Email, "lado@county-council.example", null),
        new(EscalationTarget.FirstResponse, ChannelKind.Email, "first-response@county-council.example", null),
    ];

    public static async Task<bool> SeedIfEmptyAsync(IPeopleDirectory directory, ITargetChannels channels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(channels);
        if ((await directory.ListAgenciesAsync(cancellationToken)).Count > 0)
        {
            return false;
        }

        foreach (TargetChannel channel in Channels)
        {
            await channels.SaveAsync(channel, cancellationToken);
        }

        // People first, agencies last: a crash half-way leaves the directory "empty" and the next start finishes the job.
        foreach (Person person in People)
        {
            await directory.SavePersonAsync(person, cancellationToken);
        }

        foreach (Agency agency in Agencies)
        {
            await directory.SaveAgencyAsync(agency, cancellationToken);
        }

        return true;
    }

    static Person Person(string localPart, string displayName, Agency agency, Role role)
    {
        string email = $"{localPart}@{agency.IntakeAddress.Split('@')[1]}";
        return new Person(localPart, email, displayName, agency.AgencyId, role, email);
    }
}
