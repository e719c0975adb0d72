using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Security;
using EsafetyServerless.Local.Seed;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.UnitTests;

public class AccessTests
{
    [Fact]
    public void Agency_staff_act_only_for_their_own_agency()
    {
        Actor officer = new(SampleBoard.InRole(SampleBoard.Northfield, Role.EsafetyOfficer));

        Assert.True(officer.CanActFor(SampleBoard.Northfield.AgencyId));
        Assert.False(officer.CanActFor(SampleBoard.Riverside.AgencyId));
    }

    [Fact]
    public void The_board_admin_acts_for_every_agency()
    {
        Actor admin = new(SampleBoard.BoardAdmin);

        Assert.All(SampleBoard.Agencies, agency => Assert.True(admin.CanActFor(agency.AgencyId)));
    }

    [Fact]
    public void Every_endpoint_that_is_not_anonymous_names_at_least_one_role()
    {
        Assert.All(
            EndpointCatalog.All.Where(e => !e.Access.AllowsAnonymous),
            e => Assert.NotEmpty(e.Access.Roles.Members()));
    }

    [Fact]
    public void Only_health_static_assets_sign_out_the_SendGrid_webhook_and_the_signed_referral_and_disclosure_links_are_anonymous()
    {
        Assert.Equal(
            [
                "AcknowledgeReferral", "DownloadDisclosurePackage", "Health", "ReceiveInboundEmail", "ReferralPage", "SignOut", "StaticAsset",
            ],
            EndpointCatalog.All.Where(e => e.Access.AllowsAnonymous).Select(e => e.Name).Order());
    }
}
