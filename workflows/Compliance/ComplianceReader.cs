using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Registers;
using EsafetyServerless.Workflows.Tasks;

namespace EsafetyServerless.Workflows.Compliance;

/// <summary>Gathers what the compliance checks read about an agency (its registers, signatures, people and tasks) and runs them.</summary>
public sealed class ComplianceReader(IRegisterStore registers, ITaskStore tasks, IPeopleDirectory directory, TimeProvider timeProvider)
{
    /// <summary>The agency's checks, with its training coverage by audience.</summary>
    public async Task<AgencyCompliance> CheckAsync(Agency agency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agency);
        string agencyId = agency.AgencyId;
        IReadOnlyList<RegisterItem> items = await registers.ListAsync(agencyId, cancellationToken);
        IReadOnlyList<Person> people = await directory.ListPeopleAsync(agencyId, cancellationToken);
        Dictionary<string, AupCoverage> coverage = new(StringComparer.Ordinal);
        foreach (RegisterItem aup in items.Where(i => i.Aup is not null))
        {
            coverage[aup.ItemId] = AupCoverage.Of(aup, await registers.ListSignaturesAsync(agencyId, aup.ItemId, cancellationToken), people);
        }

        ComplianceRecords records = new(agencyId, items, coverage, people, await tasks.ListAsync(agencyId, cancellationToken));
        return new AgencyCompliance(agency, ComplianceChecks.Run(records, timeProvider.GetUtcNow())) { Training = TrainingCoverage.Of(items, people) };
    }

    /// <summary>Every agency's checks, agencies by name.</summary>
    public async Task<IReadOnlyList<AgencyCompliance>> CheckAllAsync(CancellationToken cancellationToken)
    {
        List<AgencyCompliance> all = [];
        foreach (Agency agency in (await directory.ListAgenciesAsync(cancellationToken)).Where(a => !a.Archived).OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase))
        {
            all.Add(await this.CheckAsync(agency, cancellationToken));
        }

        return all;
    }
}

/// <summary>One agency's checks, in the order of <see cref="ComplianceChecks.All"/>.</summary>
public sealed record AgencyCompliance(Agency Agency, IReadOnlyList<ComplianceCheck> Checks)
{
    /// <summary>Training against the standard's seven audiences (names the agency's people: not for the board's views).</summary>
    public IReadOnlyList<TrainingAudience> Training { get; init; } = [];
}
