using EsafetyServerless.Workflows.Compliance;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Registers;
using EsafetyServerless.Workflows.Tasks;

namespace EsafetyServerless.UnitTests;

/// <summary>Each "must" of the standard as a named check: green on a compliant agency, red when its record is missing or overdue.</summary>
public sealed class ComplianceCheckTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
    static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);
    const string Agency = "northfield-primary";

    static RegisterItem Item(string id, RegisterKind kind, string title, DateOnly? nextDue = null) =>
        new(Agency, id, kind, title, Today.AddMonths(-2), kind == RegisterKind.OfficerAppointment ? null : nextDue ?? Today.AddMonths(10), Now, "omar.officer");

    static RegisterItem Training(string id, TrainingRole role) =>
        Item(id, RegisterKind.Training, "Training " + role) with { Training = new TrainingDetails(role, "group", "Think U Know", Today.AddMonths(-2), "CEOP") };

    /// <summary>An agency that meets every must.</summary>
    static ComplianceRecords Compliant() => new(
        Agency,
        [
            Item("officer-1", RegisterKind.OfficerAppointment, "Officer") with { Officer = new OfficerAppointment("omar.officer", Today.AddYears(-1), ["CEOP ambassador"]) },
            Item("aup-staff", RegisterKind.Aup, "Staff AUP") with { Aup = new AupDetails(AupAudience.Staff, null, "3", ["Laptops", "Chat app"], true, true) },
            Item("aup-ks2", RegisterKind.Aup, "KS2 AUP") with { Aup = new AupDetails(AupAudience.Children, "7-11", "2", ["Laptops"], true, true) },
            Item("policy-1", RegisterKind.Policy, "E-safety policy") with { Policy = new PolicyDetails(PolicyKind.EsafetyPolicy) },
            Item("tech-1", RegisterKind.Technology, "Laptops") with { Technology = new TechnologyDetails(true, new RiskAssessment(["Unsuitable sites"], ["Filtering"], [], "omar.officer")) },
            Item("tech-2", RegisterKind.Technology, "Chat app") with { Technology = new TechnologyDetails(false, null) },
            Item("filtering-1", RegisterKind.Filtering, "Broadband filtering") with { Filtering = new FilteringDetails("SafeNet", true, "UK Safer Internet Centre", true, Today.AddMonths(-2)) },
            Training("training-1", TrainingRole.LeadersManagers),
            Training("training-2", TrainingRole.EsafetyOfficer),
            Training("training-3", TrainingRole.Educators),
            Training("training-4", TrainingRole.Children),
            Training("training-5", TrainingRole.ParentsCarers),
            Training("training-6", TrainingRole.TechnicalStaff),
        ],
        new HashSet<string> { "aup-staff", "aup-ks2" },
        [new Person("tom.tech", "tom", "Tom", Agency, Role.Technician, "tom@example")],
        []);

    static ComplianceRecords Without(ComplianceRecords records, Func<RegisterItem, bool> remove) =>
        records with { Items = records.Items.Where(i => !remove(i)).ToList() };

    static ComplianceRecords Replace(ComplianceRecords records, string itemId, Func<RegisterItem, RegisterItem> change) =>
        records with { Items = records.Items.Select(i => i.ItemId == itemId ? change(i) : i).ToList() };

    static void AssertStatus(ComplianceStatus expected, ComplianceChecks.Check check, ComplianceRecords records)
    {
        ComplianceCheck result = check(records, Now);
        Assert.True(expected == result.Status, $"{result.Name}: expected {expected}, got {result.Status}: {result.Evidence}");
        Assert.StartsWith("/", result.Fix, StringComparison.Ordinal);
        Assert.NotEmpty(result.Evidence);
    }

    [Fact]
    public void A_compliant_agency_is_green_on_every_check()
    {
        Assert.All(ComplianceChecks.Run(Compliant(), Now), c => Assert.True(c.Status == ComplianceStatus.Green, c.Name + ": " + c.Evidence));
        Assert.Equal(16, ComplianceChecks.All.Count);
    }

    [Fact]
    public void Officer_appointed_green_when_recorded_with_training_red_when_missing()
    {
        AssertStatus(ComplianceStatus.Green, ComplianceChecks.OfficerAppointed, Compliant());
        AssertStatus(ComplianceStatus.Red, ComplianceChecks.OfficerAppointed, Without(Compliant(), i => i.Kind == RegisterKind.OfficerAppointment));
        AssertStatus(ComplianceStatus.Amber, ComplianceChecks.OfficerAppointed, Replace(Compliant(), "officer-1", i => i with { Officer = i.Officer! with { TrainingHeld = [] } }));
    }

    [Fact]
    public void Staff_AUP_green_when_current_red_when_missing_or_overdue_amber_when_due_within_30_days()
    {
        AssertStatus(ComplianceStatus.Green, ComplianceChecks.StaffAup, Compliant());
        AssertStatus(ComplianceStatus.Red, ComplianceChecks.StaffAup, Without(Compliant(), i => i.ItemId == "aup-staff"));
        AssertStatus(ComplianceStatus.Red, ComplianceChecks.StaffAup, Replace(Compliant(), "aup-staff", i => i with { NextReviewDue = Today.AddDays(-1) }));
        AssertStatus(ComplianceStatus.Amber, ComplianceChecks.StaffAup, Replace(Compliant(), "aup-staff", i => i with { NextReviewDue = Today.AddDays(30) }));
    }

    [Fact]
    public void Children_AUPs_green_when_present_red_when_missing()
    {
        AssertStatus(ComplianceStatus.Green, ComplianceChecks.ChildrenAups, Compliant());
        AssertStatus(ComplianceStatus.Red, ComplianceChecks.ChildrenAups, Without(Compliant(), i => i.ItemId == "aup-ks2"));
    }

    [Fact]
    public void AUPs_cover_technologies_red_when_a_technology_is_not_named_amber_when_flagged_for_review()
    {
        AssertStatus(ComplianceStatus.Green, ComplianceChecks.AupsCoverTechnologies, Compliant());
        AssertStatus(ComplianceStatus.Red, ComplianceChecks.AupsCoverTechnologies,
            Compliant() with { Items = [.. Compliant().Items, Item("tech-3", RegisterKind.Technology, "Tablets") with { Technology = new TechnologyDetails(false, null) }] });
        AssertStatus(ComplianceStatus.Amber, ComplianceChecks.AupsCoverTechnologies,
            Replace(Compliant(), "aup-ks2", i => ReviewCycle.FlagAupForNewTechnology(i, "Tablets", Today) with { NextReviewDue = Today.AddMonths(6) }));
    }

    [Fact]
    public void AUPs_signed_red_when_the_current_version_has_no_signature()
    {
        AssertStatus(ComplianceStatus.Green, ComplianceChecks.AupsSigned, Compliant());
        AssertStatus(ComplianceStatus.Red, ComplianceChecks.AupsSigned, Compliant() with { SignedAups = new HashSet<string> { "aup-staff" } });
    }

    [Fact]
    public void AUPs_state_sanctions_and_monitoring_red_when_one_is_silent()
    {
        AssertStatus(ComplianceStatus.Green, ComplianceChecks.AupsStateSanctionsAndMonitoring, Compliant());
        AssertStatus(ComplianceStatus.Red, ComplianceChecks.AupsStateSanctionsAndMonitoring, Replace(Compliant(), "aup-ks2", i => i with { Aup = i.Aup! with { StatesMonitoring = false } }));
    }

    [Fact]
    public void AUPs_reviewed_red_when_one_is_overdue()
    {
        AssertStatus(ComplianceStatus.Green, ComplianceChecks.AupsReviewed, Compliant());
        AssertStatus(ComplianceStatus.Red, ComplianceChecks.AupsReviewed, Replace(Compliant(), "aup-ks2", i => i with { NextReviewDue = Today.AddDays(-40) }));
    }

    [Fact]
    public void Policies_reviewed_red_without_an_esafety_policy_or_when_overdue()
    {
        AssertStatus(ComplianceStatus.Green, ComplianceChecks.PoliciesReviewed, Compliant());
        AssertStatus(ComplianceStatus.Red, ComplianceChecks.PoliciesReviewed, Without(Compliant(), i => i.Kind == RegisterKind.Policy));
        AssertStatus(ComplianceStatus.Red, ComplianceChecks.PoliciesReviewed, Replace(Compliant(), "policy-1", i => i with { NextReviewDue = Today.AddDays(-1) }));
    }

    [Fact]
    public void Post_incident_reviews_red_when_one_is_overdue()
    {
        WorkTask review = new("inc-1-review", Agency, WorkTaskKind.PostIncidentReview, "inc-1", "Review policies", "…", Role.SeniorManager, null, Now.AddDays(-20), Now.AddDays(-5), "/tasks");
        AssertStatus(ComplianceStatus.Green, ComplianceChecks.PostIncidentReviews, Compliant());
        AssertStatus(ComplianceStatus.Red, ComplianceChecks.PostIncidentReviews, Compliant() with { Tasks = [review] });
    }

    [Fact]
    public void Technology_inventory_red_when_empty()
    {
        AssertStatus(ComplianceStatus.Green, ComplianceChecks.TechnologyInventory, Compliant());
        AssertStatus(ComplianceStatus.Red, ComplianceChecks.TechnologyInventory, Without(Compliant(), i => i.Kind == RegisterKind.Technology));
    }

    [Fact]
    public void Risk_assessments_red_when_a_technology_children_use_has_none()
    {
        AssertStatus(ComplianceStatus.Green, ComplianceChecks.RiskAssessments, Compliant());
        AssertStatus(ComplianceStatus.Red, ComplianceChecks.RiskAssessments, Replace(Compliant(), "tech-1", i => i with { Technology = new TechnologyDetails(true, null) }));
    }

    [Fact]
    public void Filtering_red_without_the_IWF_list_or_when_the_effectiveness_review_is_overdue()
    {
        AssertStatus(ComplianceStatus.Green, ComplianceChecks.FilteringWithIwfList, Compliant());
        AssertStatus(ComplianceStatus.Red, ComplianceChecks.FilteringWithIwfList, Replace(Compliant(), "filtering-1", i => i with { Filtering = i.Filtering! with { IwfUrlList = false } }));
        AssertStatus(ComplianceStatus.Red, ComplianceChecks.FilteringWithIwfList, Replace(Compliant(), "filtering-1", i => i with { NextReviewDue = Today.AddDays(-3) }));
    }

    [Fact]
    public void Network_monitoring_red_when_not_in_place()
    {
        AssertStatus(ComplianceStatus.Green, ComplianceChecks.NetworkMonitoring, Compliant());
        AssertStatus(ComplianceStatus.Red, ComplianceChecks.NetworkMonitoring, Replace(Compliant(), "filtering-1", i => i with { Filtering = i.Filtering! with { MonitoringInPlace = false } }));
    }

    [Fact]
    public void Training_by_role_red_when_a_role_has_no_training_logged()
    {
        AssertStatus(ComplianceStatus.Green, ComplianceChecks.TrainingByRole, Compliant());
        AssertStatus(ComplianceStatus.Red, ComplianceChecks.TrainingByRole, Without(Compliant(), i => i.Training?.Role == TrainingRole.ParentsCarers));
    }

    [Fact]
    public void Training_refreshers_red_when_one_is_overdue()
    {
        AssertStatus(ComplianceStatus.Green, ComplianceChecks.TrainingRefreshers, Compliant());
        AssertStatus(ComplianceStatus.Red, ComplianceChecks.TrainingRefreshers, Replace(Compliant(), "training-3", i => i with { NextReviewDue = Today.AddDays(-1) }));
    }

    [Fact]
    public void Technical_staff_for_evidence_red_without_a_technician()
    {
        AssertStatus(ComplianceStatus.Green, ComplianceChecks.TechnicalStaffForEvidence, Compliant());
        AssertStatus(ComplianceStatus.Red, ComplianceChecks.TechnicalStaffForEvidence, Compliant() with { People = [] });
    }

    [Theory]
    [InlineData(-1, ComplianceStatus.Red)]
    [InlineData(0, ComplianceStatus.Amber)]
    [InlineData(30, ComplianceStatus.Amber)]
    [InlineData(31, ComplianceStatus.Green)]
    public void Due_dates_are_red_when_passed_amber_within_30_days_green_after(int days, ComplianceStatus expected) =>
        Assert.Equal(expected, ComplianceChecks.DueStatus(Today.AddDays(days), Now));
}
