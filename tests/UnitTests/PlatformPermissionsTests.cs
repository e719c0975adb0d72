using EsafetyServerless.Local.Seed;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.UnitTests;

/// <summary>Self-tests are for technicians and the board admin; the directory is for agency leads (their own agency) and the board admin.</summary>
public class PlatformPermissionsTests
{
    static Actor In(Role role) => new(SampleBoard.InRole(SampleBoard.Northfield, role));

    [Theory]
    [InlineData(Role.Technician, true)]
    [InlineData(Role.EsafetyOfficer, false)]
    [InlineData(Role.SeniorManager, false)]
    [InlineData(Role.Staff, false)]
    public void Technicians_run_self_tests(Role role, bool allowed)
    {
        Assert.Equal(allowed, PlatformPermissions.ToRunSelfTests(In(role)) is null);
    }

    [Fact]
    public void The_board_admin_runs_self_tests_and_lists_agencies_and_nobody_else_lists_agencies()
    {
        Actor admin = new(SampleBoard.BoardAdmin);

        Assert.Null(PlatformPermissions.ToRunSelfTests(admin));
        Assert.Null(PlatformPermissions.ToListAgencies(admin));
        Assert.All([Role.Staff, Role.EsafetyOfficer, Role.SeniorManager, Role.Technician],
            role => Assert.Equal(FailureKind.Forbidden, PlatformPermissions.ToListAgencies(In(role))?.Kind));
    }

    [Theory]
    [InlineData(Role.EsafetyOfficer, true)]
    [InlineData(Role.SeniorManager, true)]
    [InlineData(Role.Staff, false)]
    [InlineData(Role.Technician, false)]
    public void Agency_leads_see_who_works_in_their_own_agency(Role role, bool allowed)
    {
        Assert.Equal(allowed, PlatformPermissions.ToListPeople(In(role), SampleBoard.Northfield.AgencyId) is null);
    }

    [Fact]
    public void An_agency_lead_cannot_see_another_agencys_people_but_the_board_admin_can()
    {
        Failure? refused = PlatformPermissions.ToListPeople(In(Role.EsafetyOfficer), SampleBoard.Riverside.AgencyId);

        Assert.Equal("That belongs to another agency.", refused?.Detail);
        Assert.Null(PlatformPermissions.ToListPeople(new Actor(SampleBoard.BoardAdmin), SampleBoard.Riverside.AgencyId));
    }
}
