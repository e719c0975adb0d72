using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Registers;

namespace EsafetyServerless.Workflows.Compliance;

/// <summary>
/// Training against the standard's seven audiences, each separately. For the audiences the directory knows (leaders
/// and managers, e-safety officers, staff, technical staff) every active person whose role puts them in it must have
/// attended a session for it, and their latest session's refresher must not be overdue. Children's and parents'
/// sessions name groups: the product keeps no roster of them, so only the sessions themselves count.
/// </summary>
/// <param name="Sessions">The audience's sessions, newest first.</param>
/// <param name="Required">The active people the audience needs trained (empty for children and parents).</param>
/// <param name="LatestDue">For each required person who attended: when the refresher of their latest session is due.</param>
public sealed record TrainingAudience(TrainingRole Role, string Name, IReadOnlyList<RegisterItem> Sessions, IReadOnlyList<Person> Required, IReadOnlyDictionary<string, DateOnly?> LatestDue)
{
    public bool FromDirectory => !TrainingDetails.IsForGroups(this.Role);

    public IReadOnlyList<Person> Untrained => this.Required.Where(p => !this.LatestDue.ContainsKey(p.PersonId)).ToList();

    public int Trained => this.Required.Count - this.Untrained.Count;

    /// <summary>When this audience's training next lapses: the earliest refresher due among the required people's latest sessions, or the latest session's for a group audience.</summary>
    public DateOnly? NextRefresherDue => this.FromDirectory
        ? this.LatestDue.Values.Min()
        : this.Sessions.Count > 0 ? this.Sessions[0].NextReviewDue : null;
}

public static class TrainingCoverage
{
    /// <summary>The seven audiences, in the order of the standard, with the words the pages use.</summary>
    public static readonly (TrainingRole Role, string Name)[] Audiences =
    [
        (TrainingRole.LeadersManagers, "leaders and managers"),
        (TrainingRole.EsafetyOfficer, "e-safety officers"),
        (TrainingRole.Educators, "education staff"),
        (TrainingRole.OtherStaff, "other staff working with children"),
        (TrainingRole.TechnicalStaff, "technical staff"),
        (TrainingRole.Children, "children"),
        (TrainingRole.ParentsCarers, "parents and carers"),
    ];

    /// <summary>
    /// Whether the directory puts a person in an audience. The directory does not say who teaches, so a member of
    /// staff is trained when they attended either the education staff's or the other staff's sessions.
    /// </summary>
    public static bool Needs(Person person, TrainingRole audience)
    {
        ArgumentNullException.ThrowIfNull(person);
        return audience switch
        {
            TrainingRole.LeadersManagers => person.ActsAs(Role.SeniorManager),
            TrainingRole.EsafetyOfficer => person.ActsAs(Role.EsafetyOfficer),
            TrainingRole.Educators or TrainingRole.OtherStaff => person.ActsAs(Role.Staff),
            TrainingRole.TechnicalStaff => person.ActsAs(Role.Technician),
            _ => false,
        };
    }

    static bool Counts(TrainingRole session, TrainingRole audience) =>
        session == audience || (audience is TrainingRole.Educators or TrainingRole.OtherStaff && session is TrainingRole.Educators or TrainingRole.OtherStaff);

    public static IReadOnlyList<TrainingAudience> Of(IReadOnlyList<RegisterItem> items, IReadOnlyList<Person> people)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(people);
        List<RegisterItem> sessions = items.Where(i => i.Training is not null).OrderByDescending(i => i.Training!.CompletedOn).ToList();
        List<TrainingAudience> audiences = [];
        foreach ((TrainingRole role, string name) in Audiences)
        {
            List<Person> required = people.Where(p => p.Active && Needs(p, role)).OrderBy(p => p.DisplayName, StringComparer.CurrentCulture).ToList();
            Dictionary<string, DateOnly?> latestDue = new(StringComparer.Ordinal);
            foreach (Person person in required)
            {
                // Sessions are newest first: the first one a person attended is their latest.
                if (sessions.FirstOrDefault(s => Counts(s.Training!.Role, role) && s.Training.AttendeeIds().Contains(person.PersonId)) is { } latest)
                {
                    latestDue[person.PersonId] = latest.NextReviewDue;
                }
            }

            audiences.Add(new TrainingAudience(role, name, sessions.Where(s => s.Training!.Role == role).ToList(), required, latestDue));
        }

        return audiences;
    }
}
