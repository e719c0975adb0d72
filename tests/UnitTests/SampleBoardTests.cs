using EsafetyServerless.Local.Seed;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.UnitTests;

public class SampleBoardTests
{
    [Fact]
    public void The_sample_board_has_two_agencies_each_with_a_person_in_every_agency_role()
    {
        Assert.Equal(2, SampleBoard.Agencies.Count);
        Role[] agencyRoles = [Role.Staff, Role.EsafetyOfficer, Role.SeniorManager, Role.Technician];
        foreach (Agency agency in SampleBoard.Agencies)
        {
            Assert.Equal(agencyRoles.Order(), SampleBoard.People.Where(p => p.AgencyId == agency.AgencyId).Select(p => p.Roles.Members().Single()).Order());
        }
    }

    [Fact]
    public void The_board_admin_belongs_to_the_board_not_to_an_agency()
    {
        Assert.Equal(Agency.BoardId, SampleBoard.BoardAdmin.AgencyId);
    }

    [Fact]
    public void Sample_addresses_can_never_reach_a_real_mailbox()
    {
        Assert.All(SampleBoard.People, p => Assert.EndsWith(".example", p.Email, StringComparison.Ordinal));
        Assert.All(SampleBoard.Agencies, a => Assert.EndsWith(".example", a.IntakeAddress, StringComparison.Ordinal));
    }

    [Fact]
    public void Sign_in_names_are_unique()
    {
        Assert.Equal(SampleBoard.People.Count, SampleBoard.People.Select(p => p.SignInName.ToUpperInvariant()).Distinct().Count());
    }
}
