using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Scheduling;
using EsafetyServerless.Workflows.Registers;
using EsafetyServerless.Workflows.Reviews;
using EsafetyServerless.Workflows.Tasks;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows;

namespace EsafetyServerless.UnitTests;

/// <summary>The review cycle's rules: who owns what, the 12-month step, the daily timer, delegation and the review record.</summary>
public sealed class ReviewRulesTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
    static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);
    static readonly HashSet<string> People = ["omar.officer", "sarah.head"];

    static RegisterItem Policy(DateOnly due) =>
        new("northfield-primary", "policy-1", RegisterKind.Policy, "E-safety policy", due.AddMonths(-12), due, Now, "sarah.head", Policy: new PolicyDetails(PolicyKind.EsafetyPolicy));

    [Theory]
    [InlineData(RegisterKind.Aup, Role.SeniorManager)]
    [InlineData(RegisterKind.Policy, Role.SeniorManager)]
    [InlineData(RegisterKind.Technology, Role.EsafetyOfficer)]
    [InlineData(RegisterKind.Training, Role.EsafetyOfficer)]
    [InlineData(RegisterKind.Filtering, Role.Technician)]
    public void Reviews_go_to_the_owner_the_standard_names(RegisterKind kind, Role owner) =>
        Assert.Equal(owner, ReviewCycle.OwnerRole(kind));

    [Fact]
    public void The_daily_scan_runs_once_a_day_at_six_UTC()
    {
        ScheduledJobDefinition scan = ScheduledJobCatalog.All.Single(j => j.Name == nameof(DailyReviewScan));

        Assert.Equal(new DateTimeOffset(2026, 11, 29, 6, 0, 0, TimeSpan.Zero), scan.NextOccurrenceAfter(new DateTimeOffset(2026, 11, 28, 6, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 6, 0, 0, TimeSpan.Zero), scan.NextOccurrenceAfter(new DateTimeOffset(2026, 7, 1, 6, 30, 0, TimeSpan.FromHours(1))));
    }

    [Fact]
    public void A_completed_review_records_who_and_what_and_sets_the_next_due_date_12_months_on()
    {
        ReviewDraft draft = new(["Chat apps"], [new ReviewAction("Update the AUP", "omar.officer")], ["staff", "children"], null);

        RegisterItem reviewed = ReviewRules.Complete(Policy(Today.AddDays(3)), draft, "rev-1", "sarah.head", Today, Now);

        Assert.Equal(Today, reviewed.LastReviewed);
        Assert.Equal(new DateOnly(2027, 11, 28), reviewed.NextReviewDue);
        ReviewRecord record = Assert.Single(reviewed.ReviewHistory);
        Assert.Equal(new ReviewRecord("rev-1", Today, "sarah.head", draft.IssuesIdentified, draft.Actions, draft.StakeholdersConsulted, new DateOnly(2027, 11, 28)), record);
    }

    [Fact]
    public void A_review_on_29_February_is_next_due_on_28_February()
    {
        Assert.Equal(new DateOnly(2029, 2, 28), ReviewCycle.NextDue(new DateOnly(2028, 2, 29)));
    }

    [Fact]
    public void A_review_needs_stakeholders_and_someone_in_the_agency_responsible_for_each_action()
    {
        FieldErrors errors = new();
        ReviewDraft draft = new([], [new ReviewAction("Update the AUP", "stranger")], [], Today.AddDays(1));

        Assert.False(ReviewRules.Validate(Policy(Today), draft, Today, People, errors));
        Assert.Equal(["reviewedOn", "stakeholdersConsulted", "actions[0].responsiblePersonId"], errors.All.Select(e => e.Field));
    }

    [Fact]
    public void The_senior_manager_or_the_task_holder_may_delegate_and_the_delegation_is_recorded()
    {
        Person manager = new("sarah.head", "s", "Sarah", "northfield-primary", Role.SeniorManager, "s@example");
        Person officer = new("omar.officer", "o", "Omar", "northfield-primary", Role.EsafetyOfficer, "o@example");
        Person staff = new("amy.staff", "a", "Amy", "northfield-primary", Role.Staff, "a@example");
        WorkTask task = new("rv-policy-1-20261201", "northfield-primary", WorkTaskKind.RegisterReview, "policy-1", "Review", "…", Role.SeniorManager, null, Now, Now.AddDays(3), "/x");

        WorkTask delegated = ReviewRules.Delegate(task, manager, officer, "Knows the apps", Now);

        Assert.True(RegisterPermissions.MayDelegate(task, new Actor(manager)));
        Assert.False(RegisterPermissions.MayDelegate(task, new Actor(staff)));
        Assert.True(RegisterPermissions.MayDelegate(delegated, new Actor(officer)));
        Assert.True(delegated.IsFor(officer));
        Assert.False(delegated.IsFor(manager));
        Assert.Equal(new TaskDelegation("sarah.head", "omar.officer", Now, "Knows the apps"), delegated.Delegation);
    }

    [Fact]
    public void A_new_technology_makes_an_AUP_due_today_unless_it_is_already_overdue()
    {
        RegisterItem aup = new("a", "aup-1", RegisterKind.Aup, "Staff AUP", Today.AddMonths(-1), Today.AddMonths(11), Now, "x",
            Aup: new AupDetails(AupAudience.Staff, null, "1", [], true, true));

        Assert.Equal(Today, ReviewCycle.FlagAupForNewTechnology(aup, "Tablets", Today).NextReviewDue);
        Assert.Equal(Today.AddDays(-5), ReviewCycle.FlagAupForNewTechnology(aup with { NextReviewDue = Today.AddDays(-5) }, "Tablets", Today).NextReviewDue);
    }

    [Fact]
    public void Instance_and_task_ids_name_the_item_and_its_cycle_so_each_cycle_starts_once()
    {
        Assert.Equal("review-northfield-primary-policy-1-20261201", ReviewInstances.IdFor("northfield-primary", "policy-1", new DateOnly(2026, 12, 1)));
        Assert.Equal("rv-policy-1-20261201", ReviewInstances.TaskIdFor("policy-1", new DateOnly(2026, 12, 1)));
        Assert.NotEqual(ReviewInstances.IdFor("a", "policy-1", new DateOnly(2026, 12, 1)), ReviewInstances.IdFor("a", "policy-1", new DateOnly(2027, 12, 1)));
    }

    [Fact]
    public void A_childrens_AUP_needs_an_age_group_and_a_technology_children_use_without_an_assessment_is_due_at_once()
    {
        FieldErrors errors = new();
        RegisterItemDraft aup = new(RegisterKind.Aup, "KS2 AUP", null, null, null, new AupDraft(AupAudience.Children, null, "1", [], true, true), null, null, null, null);
        RegisterItemDraft tablets = new(RegisterKind.Technology, "Tablets", null, null, null, null, null, new TechnologyDetails(true, null), null, null);

        Assert.Null(RegisterValidation.ToItem(aup, null, "a", "omar.officer", Now, People, errors));
        Assert.Equal(["aup.ageGroup"], errors.All.Select(e => e.Field));
        Assert.Equal(Today, RegisterValidation.ToItem(tablets, null, "a", "omar.officer", Now, People, new FieldErrors())!.NextReviewDue);
    }
}
