using EsafetyServerless.Workflows.Evidence;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Http.Pages;

/// <summary>The links of the service navigation, for each role; none for someone without an account (a referral's recipient).</summary>
public static class Navigation
{
    public sealed record Link(string Href, string Text);

    public static IReadOnlyList<Link> For(Actor? actor)
    {
        if (actor is null)
        {
            return [];
        }

        List<Link> links = [];
        if (actor.HasAny(Roles.AgencyMembers))
        {
            links.Add(new("/report", "Report an incident"));
            links.Add(new("/reports", "Your reports"));
        }

        if (actor.HasAny(Roles.EsafetyLeads))
        {
            links.Add(new("/incidents", "Incident log"));
        }

        if (actor.HasAny(EvidencePermissions.RetentionReviewers))
        {
            links.Add(new("/retention", "Retention"));
        }

        links.Add(new("/tasks", "My tasks"));
        if (actor.HasAny(Roles.EsafetyLeads | Roles.Technician))
        {
            links.Add(new("/agencies/" + actor.AgencyId + "/registers", "Registers"));
        }

        if (actor.HasAny(Roles.EsafetyLeads))
        {
            links.Add(new("/agencies/" + actor.AgencyId + "/compliance", "Compliance"));
        }

        if (actor.HasAny(Roles.EsafetyLeads))
        {
            links.Add(new("/agencies/" + actor.AgencyId + "/people", "People"));
        }

        if (actor.HasAny(Roles.BoardAdmin))
        {
            links.Add(new("/agencies", "Agencies and people"));
            links.Add(new("/compliance", "Agencies' compliance"));
            links.Add(new("/escalation-channels", "Referral settings"));
        }

        return links;
    }

    /// <summary>How a person's roles read on pages: "Senior manager and e-safety officer".</summary>
    public static string Describe(Roles roles)
    {
        IReadOnlyList<Role> members = roles.Members();
        if (members.Count == 0)
        {
            return "No role";
        }

        string first = Describe(members[0]);
        IEnumerable<string> rest = members.Skip(1).Select(r => Describe(r).ToLowerInvariant().Replace("it technician", "IT technician", StringComparison.Ordinal));
        List<string> words = [first, .. rest];
        return words.Count == 1 ? first : string.Join(", ", words.Take(words.Count - 1)) + " and " + words[^1];
    }

    /// <summary>How an agency's kind reads on pages.</summary>
    public static string Describe(AgencyKind kind) => kind switch
    {
        AgencyKind.School => "School",
        AgencyKind.ChildrensServices => "Children's services",
        AgencyKind.YouthOrganisation => "Youth organisation",
        _ => "Other",
    };

    /// <summary>How roles read on pages.</summary>
    public static string Describe(Role role) => role switch
    {
        Role.Staff => "Staff member",
        Role.EsafetyOfficer => "E-safety officer",
        Role.SeniorManager => "Senior manager",
        Role.Technician => "IT technician",
        Role.BoardAdmin => "Board administrator",
        _ => role.ToString(),
    };
}
