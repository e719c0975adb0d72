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

    /// <summary>A session: of a group for children and parents, attended by <paramref name="attendees"/> (Tom by default) for staff audiences.</summary>
    static RegisterItem Training(string id, TrainingRole role, DateOnly? completed = null, params string[] attendees) =>
        Item(id, RegisterKind.Training, "Training " + role, (completed ?? Today.AddMonths(-2)).AddMonths(12)) with
        {
            Training = TrainingDetails.IsForGroups(role)
                ? new TrainingDetails(role, "Year 5", "Think U Know", completed ?? Today.AddMonths(-2), "CEOP")
                : new TrainingDetails(role, string.Empty, "Think U Know", completed ?? Today.AddMonths(-2), "CEOP") { Attendees = attendees.Length > 0 ? attendees : ["tom.tech"] },
        };

    /// <summary>An agency that meets every must.</summary>
    static ComplianceRecords Compliant() => new(
        Agency,
        [
            Item("officer-1", RegisterKind.OfficerAppointment, "Officer") with { Officer = new OfficerAppointment("omar.officer", Today.AddYears(-1), ["CEOP ambassador"]) },
            Item("aup-staff", RegisterKind.Aup, "Staff AUP") with { Aup = StaffAup },
            Item("aup-ks2", RegisterKind.Aup, "KS2 AUP") with { Aup = Ks2Aup },
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
            Training("training-7", TrainingRole.OtherStaff),
        ],
        SignedBy(Tom, Staff),
        [Tom],
        []);

    static readonly Person Tom = new("tom.tech", "tom", "Tom", Agency, Role.Technician, "tom@example");

    static readonly AupDetails StaffAup = new(AupAudience.Staff, null, "3", ["Laptops", "Chat app"], true, true);

    static readonly AupDetails Ks2Aup = new(AupAudience.Children, "7-11", "2", ["Laptops"], true, true);

    /// <summary>The AUPs' coverage when <paramref name="signers"/> have signed the staff AUP and Year 5 has all signed the KS2 AUP.</summary>
    static Dictionary<string, AupCoverage> SignedBy(Person first, IReadOnlyList<Person> staff, params Person[] signers)
    {
        RegisterItem staffAup = Item("aup-staff", RegisterKind.Aup, "Staff AUP") with { Aup = StaffAup };
        RegisterItem ks2 = Item("aup-ks2", RegisterKind.Aup, "KS2 AUP") with { Aup = Ks2Aup };
        List<AupSignature> staffSignatures = [.. new[] { first }.Concat(signers).Select(p => new AupSignature(Agency, "aup-staff", "3", p.PersonId, Workflows.Registers.SignedBy.Self, null, Now, p.PersonId))];
        AupSignature year5 = new(Agency, "aup-ks2", "2", AupCoverage.GroupSignerPrefix + "Year 5", Workflows.Registers.SignedBy.Self, null, Now, "omar.officer") { Group = new AupGroupCount("Year 5", 30, 30) };
        return new()
        {
            ["aup-staff"] = AupCoverage.Of(staffAup, staffSignatures, staff),
            ["aup-ks2"] = AupCoverage.Of(ks2, [year5], staff),
        };
    }

    static IReadOnlyList<Person> Staff => [Tom];

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
        Dictionary<string, AupCoverage> onlyStaff = SignedBy(Tom, Staff);
        onlyStaff.Remove("aup-ks2");
        AssertStatus(ComplianceStatus.Red, ComplianceChecks.AupsSigned, Compliant() with { AupCoverage = onlyStaff });
    }

    [Fact]
    public void AUPs_signed_follows_the_directory_one_unsigned_member_of_staff_keeps_it_amber_or_red()
    {
        // Ten active staff: nine signed is 90 % (amber); eight is red; a deactivated leaver who never signed does not count.
        List<Person> staff = [.. Enumerable.Range(1, 10).Select(n => new Person("p" + n, "p" + n + "@s", "Person " + n, Agency, Role.Staff, "p" + n + "@s"))];
        Person leaver = new("gone", "gone@s", "Gone", Agency, Role.Staff, "gone@s") { Active = false };
        List<Person> directory = [.. staff, leaver];
        AssertStatus(ComplianceStatus.Green, ComplianceChecks.AupsSigned, Compliant() with { People = directory, AupCoverage = SignedBy(staff[0], directory, [.. staff.Skip(1)]) });
        AssertStatus(ComplianceStatus.Amber, ComplianceChecks.AupsSigned, Compliant() with { People = directory, AupCoverage = SignedBy(staff[0], directory, [.. staff.Skip(1).Take(8)]) });
        ComplianceCheck red = ComplianceChecks.AupsSigned(Compliant() with { People = directory, AupCoverage = SignedBy(staff[0], directory, [.. staff.Skip(1).Take(7)]) }, Now);
        Assert.Equal(ComplianceStatus.Red, red.Status);
        Assert.Contains("Staff AUP v3, 8 of 10 staff (80%)", red.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_childrens_AUP_is_covered_by_its_groups_counts_the_latest_count_of_a_group_counting()
    {
        RegisterItem ks2 = Item("aup-ks2", RegisterKind.Aup, "KS2 AUP") with { Aup = Ks2Aup };
        AupSignature Count(string group, int signed, int outOf, int minutesAgo, string version = "2") =>
            new(Agency, "aup-ks2", version, AupCoverage.GroupSignerPrefix + group, Workflows.Registers.SignedBy.Self, null, Now.AddMinutes(-minutesAgo), "omar.officer") { Group = new AupGroupCount(group, signed, outOf) };

        AupCoverage coverage = AupCoverage.Of(ks2, [Count("Year 5", 20, 30, 60), Count("Year 5", 29, 30, 5), Count("Year 6", 28, 28, 10), Count("Year 4", 1, 30, 1, version: "1")], []);

        Assert.Equal(["Year 5", "Year 6"], coverage.Groups.Select(g => g.Name));
        Assert.Equal(57, coverage.HaveSigned);
        Assert.Equal(58, coverage.Required);
        Assert.False(coverage.Complete);
        Assert.Equal("57 of 58 in 2 groups (98%)", coverage.Describe());
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
        AssertStatus(ComplianceStatus.Red, ComplianceChecks.TrainingRefreshers, Replace(Compliant(), "training-6", i => i with { NextReviewDue = Today.AddDays(-1) }));
        AssertStatus(ComplianceStatus.Red, ComplianceChecks.TrainingRefreshers, Replace(Compliant(), "training-4", i => i with { NextReviewDue = Today.AddDays(-1) }));
    }

    [Fact]
    public void Training_is_checked_against_the_directory_each_of_seven_audiences_separately()
    {
        // Ten members of staff: nine at the INSET session is amber, eight is red; both staff audiences need a session.
        List<Person> staff = [.. Enumerable.Range(1, 10).Select(n => new Person("s" + n, "s" + n + "@x", "Staff " + n, Agency, Role.Staff, "s" + n + "@x"))];
        ComplianceRecords withStaff(int attended) => Compliant() with
        {
            People = [Tom, .. staff],
            Items = [.. Compliant().Items.Where(i => i.ItemId != "training-3"), Training("training-3", TrainingRole.Educators, null, [.. staff.Take(attended).Select(p => p.PersonId)])],
        };

        AssertStatus(ComplianceStatus.Green, ComplianceChecks.TrainingByRole, withStaff(10));
        AssertStatus(ComplianceStatus.Amber, ComplianceChecks.TrainingByRole, withStaff(9));
        ComplianceCheck red = ComplianceChecks.TrainingByRole(withStaff(8), Now);
        Assert.Equal(ComplianceStatus.Red, red.Status);
        Assert.Equal("Not yet trained: 2 of 10 staff.", red.Evidence);
        ComplianceCheck noOtherStaffSession = ComplianceChecks.TrainingByRole(Without(withStaff(10), i => i.ItemId == "training-7"), Now);
        Assert.Equal("No training logged for: other staff working with children.", noOtherStaffSession.Evidence);

        // A deactivated leaver who never attended does not count.
        AssertStatus(ComplianceStatus.Green, ComplianceChecks.TrainingByRole, withStaff(10) with { People = [Tom, .. staff, new Person("gone", "g@x", "Gone", Agency, Role.Staff, "g@x") { Active = false }] });
    }

    [Fact]
    public void A_newer_session_replaces_a_lapsed_one_and_an_older_single_trainee_record_still_counts()
    {
        ComplianceRecords lapsed = Replace(Compliant(), "training-6", i => i with { NextReviewDue = Today.AddDays(-40) });
        AssertStatus(ComplianceStatus.Red, ComplianceChecks.TrainingRefreshers, lapsed);
        AssertStatus(ComplianceStatus.Green, ComplianceChecks.TrainingRefreshers, lapsed with { Items = [.. lapsed.Items, Training("training-8", TrainingRole.TechnicalStaff, Today.AddDays(-3))] });

        // Before sessions had attendees, a record named one trainee.
        RegisterItem single = Item("training-6", RegisterKind.Training, "Tom's course") with { Training = new TrainingDetails(TrainingRole.TechnicalStaff, "tom.tech", "Evidence handling", Today.AddMonths(-1), "CEOP") };
        AssertStatus(ComplianceStatus.Green, ComplianceChecks.TrainingByRole, Compliant() with { Items = [.. Compliant().Items.Where(i => i.ItemId != "training-6"), single] });
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
