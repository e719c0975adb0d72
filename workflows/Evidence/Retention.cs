using System.Globalization;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Scheduling;
using EsafetyServerless.Workflows.Tasks;
using Microsoft.DurableTask;

namespace EsafetyServerless.Workflows.Evidence;

/// <summary>The kinds of record whose retention docs/domain.md ("Retention") sets.</summary>
public enum RetentionRecordType
{
    /// <summary>Child protection record: the child's date of birth + 25 years, then review.</summary>
    ChildProtection,

    /// <summary>Allegation against staff: until normal retirement age or 10 years, whichever is longer.</summary>
    AllegationAgainstStaff,

    /// <summary>A malicious allegation: removed once concluded.</summary>
    MaliciousAllegation,
}

/// <summary>When an incident's records come up for review, and why.</summary>
/// <param name="Basis">How the date was reached, in words the officer reviewing it can check.</param>
public sealed record RetentionEntry(string IncidentId, string AgencyId, string Reference, RetentionRecordType RecordType, DateTimeOffset ReviewDueAt, string Basis, bool Flagged = false);

/// <summary>
/// The retention rules (docs/domain.md, "Retention") as a pure function of the incident. Where a date of birth is unknown the rule
/// takes the latest date it could be, so no record comes up early: a child without a date of birth is taken to have
/// been born on the day of the incident; a member of staff without one is held for the 10 years.
/// </summary>
public static class RetentionRules
{
    /// <summary>Normal retirement age: the State Pension age for people retiring from 2028.</summary>
    public const int RetirementAge = 67;

    public static RetentionEntry For(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        DateTimeOffset occurred = incident.Report.OccurredAt;
        bool allegation = incident.Report.Concerns is { } concerns && concerns.StaffInvolved != false;
        DateTimeOffset concluded = incident.Conclusion is null ? incident.SubmittedAt
            : incident.Actions.LastOrDefault(a => a.Description == "Conclusion recorded")?.TakenAt ?? incident.SubmittedAt;

        if (allegation && incident.Outcome == AllegationOutcome.Malicious)
        {
            return Entry(incident, RetentionRecordType.MaliciousAllegation, concluded, "Malicious allegation: removed once concluded (" + Day(concluded) + ")");
        }

        List<(DateTimeOffset Due, string Why)> candidates = [];
        foreach (PersonInvolved child in incident.Report.PeopleInvolved.Where(p => p.Role == InvolvedRole.Child))
        {
            candidates.Add(child.DateOfBirth is { } dob
                ? (Date(dob).AddYears(25), "a child's date of birth (" + Day(Date(dob)) + ") + 25 years")
                : (occurred.AddYears(25), "a child with no date of birth: the incident date (" + Day(occurred) + ") + 25 years"));
        }

        if (allegation)
        {
            candidates.Add((concluded.AddYears(10), "allegation against staff: " + (incident.Conclusion is null ? "reported " : "concluded ") + Day(concluded) + " + 10 years"));
            foreach (PersonInvolved adult in incident.Report.PeopleInvolved.Where(p => p.Role is InvolvedRole.Staff or InvolvedRole.Volunteer && p.DateOfBirth is not null))
            {
                candidates.Add((Date(adult.DateOfBirth!.Value).AddYears(RetirementAge), "allegation against staff: normal retirement age (" + RetirementAge.ToString(CultureInfo.InvariantCulture) + ")"));
            }
        }

        if (candidates.Count == 0)
        {
            candidates.Add((occurred.AddYears(25), "no child named: the incident date (" + Day(occurred) + ") + 25 years"));
        }

        (DateTimeOffset due, string why) = candidates.MaxBy(c => c.Due);
        return Entry(incident, allegation ? RetentionRecordType.AllegationAgainstStaff : RetentionRecordType.ChildProtection, due, "Review due: " + why);
    }

    static RetentionEntry Entry(Incident incident, RetentionRecordType type, DateTimeOffset due, string basis) =>
        new(incident.IncidentId, incident.AgencyId, incident.Reference, type, due, basis);

    static DateTimeOffset Date(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    static string Day(DateTimeOffset at) => at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>Port: the retention schedule, keyed by review date so the daily job reads only what is due.</summary>
public interface IRetentionSchedule
{
    /// <summary>Records (or moves) the incident's review date.</summary>
    Task ScheduleAsync(RetentionEntry entry, CancellationToken cancellationToken);

    Task<RetentionEntry?> FindAsync(string incidentId, CancellationToken cancellationToken);

    /// <summary>Every entry whose review date is on or before <paramref name="asOf"/> (and nothing else is read).</summary>
    Task<IReadOnlyList<RetentionEntry>> ListDueAsync(DateTimeOffset asOf, CancellationToken cancellationToken);

    Task MarkFlaggedAsync(RetentionEntry entry, CancellationToken cancellationToken);

    Task RemoveAsync(string incidentId, CancellationToken cancellationToken);
}

/// <summary>Records the incident's retention review date once its response plan is known.</summary>
public sealed class ScheduleRetention(IIncidentStore incidents, IRetentionSchedule schedule) : TaskActivity<IncidentRef, DateTimeOffset>
{
    public override async Task<DateTimeOffset> RunAsync(TaskActivityContext context, IncidentRef input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Incident incident = await incidents.FindAsync(input.IncidentId, CancellationToken.None)
            ?? throw new InvalidOperationException("The incident does not exist: " + input.IncidentId);
        RetentionEntry entry = RetentionRules.For(incident);
        await schedule.ScheduleAsync(entry, CancellationToken.None);
        return entry.ReviewDueAt;
    }
}

/// <summary>
/// Daily: lists the incidents whose retention review is due and opens a task for each agency's e-safety officer (once
/// per incident). Nothing is deleted here — records are purged only when an officer confirms it on the retention page.
/// </summary>
public sealed class RetentionReviewJob(IRetentionSchedule schedule, ITaskStore tasks, TimeProvider timeProvider) : IScheduledJob
{
    public const string ReviewPage = "/retention";

    public async Task RunAsync(DateTimeOffset scheduledFor, CancellationToken cancellationToken)
    {
        DateTimeOffset now = timeProvider.GetUtcNow();
        foreach (RetentionEntry entry in (await schedule.ListDueAsync(now, cancellationToken)).Where(e => !e.Flagged))
        {
            await tasks.OpenAsync(new WorkTask(
                entry.IncidentId + "-retention", entry.AgencyId, WorkTaskKind.RetentionReview, entry.IncidentId,
                "Retention review due: incident " + entry.Reference,
                "The records of this incident have reached their retention date. Review them and confirm the purge, or keep them if there is a reason to.",
                Role.EsafetyOfficer, null, now, now.AddDays(30), ReviewPage), cancellationToken);
            await schedule.MarkFlaggedAsync(entry, cancellationToken);
        }
    }
}

/// <summary>
/// The retention date outside the response workflow: an emailed report gets one when it is accepted, since it may never
/// be triaged (and so never reach <see cref="ScheduleRetention"/>); a conclusion moves it (a malicious allegation comes
/// up at once). The rules are a pure function of the incident, so scheduling again from a later state only corrects it.
/// </summary>
public sealed class RetentionFollowUp(IRetentionSchedule schedule) : IRetentionFollowUp
{
    public async Task AcceptedAsync(Incident incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        if (incident.Status == IncidentStatus.AwaitingTriage)
        {
            await schedule.ScheduleAsync(RetentionRules.For(incident), cancellationToken);
        }
    }

    public async Task ConcludedAsync(Incident incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        await schedule.ScheduleAsync(RetentionRules.For(incident), cancellationToken);
    }
}
