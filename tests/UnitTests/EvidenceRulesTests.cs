using EsafetyServerless.Workflows.Evidence;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Scheduling;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows;

namespace EsafetyServerless.UnitTests;

/// <summary>The evidence capability's pure rules: retention dates (docs/domain.md, "Retention"), two-person reviews, disclosure links.</summary>
public class EvidenceRulesTests
{
    static readonly DateTimeOffset Occurred = new(2026, 11, 20, 14, 5, 0, TimeSpan.Zero);

    static Incident Incident(IReadOnlyList<PersonInvolved> people, Concerns? concerns = null, string? conclusion = null, AllegationOutcome? outcome = null) => new()
    {
        IncidentId = "inc-1", AgencyId = "northfield-primary", Reference = "NP-2026-0001", Source = IncidentSource.Form,
        SubmittedAt = Occurred.AddHours(1), ReportedBy = "amy", Report = new IncidentReport(Occurred, "what happened", HowIdentified.Disclosure, null, people, concerns ?? Concerns.None),
        Conclusion = conclusion, Outcome = outcome,
        Actions = conclusion is null ? [] : [new IncidentAction("Conclusion recorded", "omar", new DateTimeOffset(2027, 2, 1, 9, 0, 0, TimeSpan.Zero))],
    };

    static PersonInvolved Child(DateOnly? dob) => new(InvolvedRole.Child, "Pupil", dob, true, false);

    static readonly Concerns Allegation = Concerns.None with { StaffInvolved = true, LadoThreshold = [LadoThreshold.RiskOfHarm] };

    [Fact]
    public void A_child_protection_record_is_reviewed_25_years_after_the_youngest_childs_date_of_birth()
    {
        RetentionEntry entry = RetentionRules.For(Incident([Child(new DateOnly(2012, 5, 1)), Child(new DateOnly(2015, 4, 1))]));

        Assert.Equal(RetentionRecordType.ChildProtection, entry.RecordType);
        Assert.Equal(new DateTimeOffset(2040, 4, 1, 0, 0, 0, TimeSpan.Zero), entry.ReviewDueAt);
        Assert.Contains("2015-04-01", entry.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void A_child_without_a_date_of_birth_is_kept_as_if_born_on_the_day_of_the_incident()
    {
        Assert.Equal(Occurred.AddYears(25), RetentionRules.For(Incident([Child(null)])).ReviewDueAt);
    }

    [Fact]
    public void An_allegation_against_staff_is_kept_until_retirement_age_or_ten_years_whichever_is_longer()
    {
        PersonInvolved young = new(InvolvedRole.Staff, "Teacher", new DateOnly(1995, 3, 1), false, true);
        PersonInvolved nearRetirement = new(InvolvedRole.Staff, "Teacher", new DateOnly(1962, 3, 1), false, true);

        RetentionEntry toRetirement = RetentionRules.For(Incident([young], Allegation, "concluded", AllegationOutcome.Unsubstantiated));
        RetentionEntry tenYears = RetentionRules.For(Incident([nearRetirement], Allegation, "concluded", AllegationOutcome.Substantiated));

        Assert.Equal(RetentionRecordType.AllegationAgainstStaff, toRetirement.RecordType);
        Assert.Equal(new DateTimeOffset(2062, 3, 1, 0, 0, 0, TimeSpan.Zero), toRetirement.ReviewDueAt);
        Assert.Equal(new DateTimeOffset(2037, 2, 1, 9, 0, 0, TimeSpan.Zero), tenYears.ReviewDueAt);
    }

    [Fact]
    public void A_malicious_allegation_is_due_for_removal_when_it_is_concluded()
    {
        RetentionEntry entry = RetentionRules.For(Incident([], Allegation, "malicious", AllegationOutcome.Malicious));

        Assert.Equal(RetentionRecordType.MaliciousAllegation, entry.RecordType);
        Assert.Equal(new DateTimeOffset(2027, 2, 1, 9, 0, 0, TimeSpan.Zero), entry.ReviewDueAt);
    }

    static readonly IReadOnlyList<Person> People =
    [
        new("tom", "tom@np.example", "Tom", "northfield-primary", Role.Technician, "tom@np.example"),
        new("omar", "omar@np.example", "Omar", "northfield-primary", Role.EsafetyOfficer, "omar@np.example"),
    ];

    static DeviceReviewDraft Draft(string first, string second) =>
        new(first, second, "2026-11-21T10:00:00Z", "Staff room laptop", "Pupil's tablet", "Messages app", "To see the messages reported", "Bullying, not illegal");

    [Fact]
    public void A_device_review_needs_two_different_members_of_the_agency()
    {
        FieldErrors same = new();
        FieldErrors stranger = new();
        FieldErrors fine = new();

        Assert.Null(DeviceReviewRules.Validate(Draft("tom", "tom"), Incident([]), People, "tom", Occurred.AddDays(2), "rv-1", same));
        Assert.Null(DeviceReviewRules.Validate(Draft("tom", "lee"), Incident([]), People, "tom", Occurred.AddDays(2), "rv-1", stranger));
        DeviceReview? review = DeviceReviewRules.Validate(Draft("tom", "omar"), Incident([]), People, "tom", Occurred.AddDays(2), "rv-1", fine);

        Assert.Contains(same.All, e => e.Field == "secondReviewer" && e.Message.Contains("different person", StringComparison.Ordinal));
        Assert.Contains(stranger.All, e => e.Field == "secondReviewer" && e.Message.Contains("member of the agency", StringComparison.Ordinal));
        Assert.Equal(("tom", "omar", "Staff room laptop"), (review!.FirstReviewer, review.SecondReviewer, review.Machine));
    }

    [Fact]
    public void No_device_is_reviewed_in_house_when_anything_illegal_is_suspected_or_before_triage()
    {
        Incident illegal = Incident([], Concerns.None with { IllegalSuspected = true, IllegalKinds = [IllegalKind.GroomingOrSexualExploitation] });
        Incident untriaged = Incident([]) with { Report = Incident([]).Report with { Concerns = null } };

        Assert.Contains("police", DeviceReviewRules.Refusal(illegal), StringComparison.Ordinal);
        Assert.NotNull(DeviceReviewRules.Refusal(untriaged));
        Assert.Null(DeviceReviewRules.Refusal(Incident([])));
    }

    [Fact]
    public void A_disclosure_link_names_the_incident_and_the_request_and_nothing_else()
    {
        string subject = DisclosureRules.LinkSubject("inc-0001-ab", "dr-0002-cd");

        Assert.Equal(("inc-0001-ab", "dr-0002-cd"), DisclosureRules.ParseLinkSubject(subject));
        Assert.Null(DisclosureRules.ParseLinkSubject("inc-0001-ab"));
        Assert.DoesNotContain('.', subject);
    }

    [Fact]
    public void The_retention_review_runs_daily_in_the_small_hours_UTC()
    {
        ScheduledJobDefinition job = ScheduledJobCatalog.All.Single(j => j.Name == nameof(RetentionReviewJob));

        Assert.Equal(new DateTimeOffset(2026, 11, 29, 2, 30, 0, TimeSpan.Zero), job.NextOccurrenceAfter(new DateTimeOffset(2026, 11, 28, 3, 0, 0, TimeSpan.Zero)));
    }
}
