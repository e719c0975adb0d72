using EsafetyServerless.Local.Seed;
using EsafetyServerless.Workflows.Intake;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.UnitTests;

/// <summary>Emails from unknown senders: the agency's e-safety leads see them; only its e-safety officer decides them.</summary>
public class UnverifiedReportPermissionsTests
{
    static Actor In(Role role) => new(SampleBoard.InRole(SampleBoard.Northfield, role));

    [Theory]
    [InlineData(Role.EsafetyOfficer, true)]
    [InlineData(Role.SeniorManager, true)]
    [InlineData(Role.Staff, false)]
    [InlineData(Role.Technician, false)]
    public void The_e_safety_officer_and_senior_manager_see_the_waiting_emails(Role role, bool allowed)
    {
        Assert.Equal(allowed, UnverifiedReportPermissions.ToList(In(role)) is null);
    }

    [Theory]
    [InlineData(Role.EsafetyOfficer, true)]
    [InlineData(Role.SeniorManager, false)]
    [InlineData(Role.Staff, false)]
    [InlineData(Role.Technician, false)]
    public void Only_the_e_safety_officer_accepts_or_dismisses_them(Role role, bool allowed)
    {
        Failure? refusal = UnverifiedReportPermissions.ToDecide(In(role));

        Assert.Equal(allowed, refusal is null);
        Assert.Equal(allowed, UnverifiedReportPermissions.MayDecide(In(role)));
        Assert.True(allowed || refusal!.Kind == FailureKind.Forbidden);
    }

    [Fact]
    public void The_board_admin_neither_sees_nor_decides_an_agencys_emails()
    {
        Actor admin = new(SampleBoard.BoardAdmin);

        Assert.Equal(FailureKind.Forbidden, UnverifiedReportPermissions.ToList(admin)?.Kind);
        Assert.Equal(FailureKind.Forbidden, UnverifiedReportPermissions.ToDecide(admin)?.Kind);
    }
}
