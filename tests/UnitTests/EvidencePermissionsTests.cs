using EsafetyServerless.Local.Seed;
using EsafetyServerless.Workflows.Evidence;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.UnitTests;

/// <summary>
/// Who may touch an incident's evidence: technicians and the e-safety officer handle it, the senior manager decides
/// holds and disclosures, the officer purges; nobody else, and nobody from another agency.
/// </summary>
public class EvidencePermissionsTests
{
    static readonly Incident Northfield = new()
    {
        IncidentId = "inc-1", AgencyId = SampleBoard.Northfield.AgencyId, Reference = "NP-2026-0001", Source = IncidentSource.Form,
        SubmittedAt = DateTimeOffset.UnixEpoch, ReportedBy = "amy",
        Report = new IncidentReport(DateTimeOffset.UnixEpoch, "what happened", HowIdentified.Disclosure, null, [], Concerns.None),
    };

    static Actor In(Agency agency, Role role) => new(SampleBoard.InRole(agency, role));

    /// <summary>Every rule, and the roles of the incident's own agency it lets through.</summary>
    public static TheoryData<string, Role[]> Rules => new()
    {
        { nameof(EvidencePermissions.ToHandle), [Role.Technician, Role.EsafetyOfficer] },
        { nameof(EvidencePermissions.ToView), [Role.Technician, Role.EsafetyOfficer, Role.SeniorManager] },
        { nameof(EvidencePermissions.ToPlaceHold), [Role.EsafetyOfficer, Role.SeniorManager] },
        { nameof(EvidencePermissions.ToReleaseHold), [Role.SeniorManager] },
        { nameof(EvidencePermissions.ToDecideDisclosure), [Role.SeniorManager] },
        { nameof(EvidencePermissions.ToPurge), [Role.EsafetyOfficer] },
    };

    static Failure? Apply(string rule, Actor actor, Incident incident) => rule switch
    {
        nameof(EvidencePermissions.ToHandle) => EvidencePermissions.ToHandle(actor, incident),
        nameof(EvidencePermissions.ToView) => EvidencePermissions.ToView(actor, incident),
        nameof(EvidencePermissions.ToPlaceHold) => EvidencePermissions.ToPlaceHold(actor, incident),
        nameof(EvidencePermissions.ToReleaseHold) => EvidencePermissions.ToReleaseHold(actor, incident),
        nameof(EvidencePermissions.ToDecideDisclosure) => EvidencePermissions.ToDecideDisclosure(actor, incident),
        nameof(EvidencePermissions.ToPurge) => EvidencePermissions.ToPurge(actor, incident),
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Each_rule_lets_in_only_its_roles_of_the_incidents_own_agency(string rule, Role[] allowed)
    {
        foreach (Role role in Enum.GetValues<Role>().Where(r => r != Role.BoardAdmin))
        {
            Failure? own = Apply(rule, In(SampleBoard.Northfield, role), Northfield);
            Failure? other = Apply(rule, In(SampleBoard.Riverside, role), Northfield);

            Assert.Equal(allowed.Contains(role), own is null);
            Assert.Equal(FailureKind.Forbidden, other?.Kind);
        }
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void The_board_admin_never_touches_an_agencys_evidence(string rule, Role[] allowed)
    {
        Assert.NotEmpty(allowed);
        Assert.Equal(FailureKind.Forbidden, Apply(rule, new Actor(SampleBoard.BoardAdmin), Northfield)?.Kind);
    }

    [Fact]
    public void Only_the_officer_reviews_the_records_due_for_retention()
    {
        Assert.Null(EvidencePermissions.ToReviewRetention(In(SampleBoard.Northfield, Role.EsafetyOfficer)));
        Assert.All(
            [In(SampleBoard.Northfield, Role.SeniorManager), In(SampleBoard.Northfield, Role.Technician), In(SampleBoard.Northfield, Role.Staff), new Actor(SampleBoard.BoardAdmin)],
            actor => Assert.Equal(FailureKind.Forbidden, EvidencePermissions.ToReviewRetention(actor)?.Kind));
    }

    [Fact]
    public void What_the_evidence_page_offers_follows_the_same_rules()
    {
        string agencyId = Northfield.AgencyId;
        Actor officer = In(SampleBoard.Northfield, Role.EsafetyOfficer);
        Actor manager = In(SampleBoard.Northfield, Role.SeniorManager);
        Actor otherManager = In(SampleBoard.Riverside, Role.SeniorManager);

        Assert.Equal((true, true, false, false), (EvidencePermissions.Handles(officer, agencyId), EvidencePermissions.MayPlaceHold(officer, agencyId),
            EvidencePermissions.MayReleaseHold(officer, agencyId), EvidencePermissions.MayDecideDisclosures(officer, agencyId)));
        Assert.Equal((false, true, true, true), (EvidencePermissions.Handles(manager, agencyId), EvidencePermissions.MayPlaceHold(manager, agencyId),
            EvidencePermissions.MayReleaseHold(manager, agencyId), EvidencePermissions.MayDecideDisclosures(manager, agencyId)));
        Assert.False(EvidencePermissions.MayDecideDisclosures(otherManager, agencyId));
    }
}
