using EsafetyServerless.Http.Intake;

namespace EsafetyServerless.UnitTests;

public class SenderVerificationTests
{
    [Theory]
    [InlineData("pass", null, true)]
    [InlineData("softfail", "{@school.example : pass}", true)]
    [InlineData("fail", "{@school.example : fail}", false)]
    [InlineData("none", "{@elsewhere.example : pass}", false)]
    [InlineData(null, null, false)]
    public void A_sender_is_verified_only_when_SPF_or_DKIM_passed_for_its_domain(string? spf, string? dkim, bool verified)
    {
        Dictionary<string, string> fields = [];
        if (spf is not null)
        {
            fields["SPF"] = spf;
        }

        if (dkim is not null)
        {
            fields["dkim"] = dkim;
        }

        Assert.Equal(verified, ReceiveInboundEmailEndpoint.SenderVerified(fields, "teacher@school.example"));
    }
}
