using EsafetyServerless.Http.Intake;
using EsafetyServerless.Workflows.Intake;

namespace EsafetyServerless.UnitTests;

public class SenderVerificationTests
{
    [Theory]
    [InlineData("pass", "teacher@school.example", null, true)] // SPF for the From domain itself
    [InlineData("pass", "bounces@mail.school.example", null, true)] // a subdomain of it
    [InlineData("pass", "attacker@evil.example", null, false)] // SPF passed, but for the attacker's own domain
    [InlineData("pass", "x@school.example.evil.example", null, false)] // looks alike, is not a subdomain
    [InlineData("pass", null, null, false)] // no envelope sender: SPF vouched for nobody known
    [InlineData("softfail", "teacher@school.example", "{@school.example : pass}", true)]
    [InlineData("none", null, "{@mail.school.example : pass}", true)]
    [InlineData("none", null, "{@evil.example : pass}", false)]
    [InlineData("none", null, "{@school.example : fail, @evil.example : pass}", false)]
    [InlineData("none", null, "{@evil.example : pass, @school.example : pass}", true)]
    [InlineData("fail", "teacher@school.example", "{@school.example : fail}", false)]
    [InlineData(null, null, null, false)]
    public void A_sender_is_verified_only_when_SPF_or_DKIM_passed_for_a_domain_aligned_with_the_From_address(string? spf, string? envelopeFrom, string? dkim, bool verified)
    {
        Assert.Equal(verified, SenderAlignment.Verified("teacher@school.example", spf, envelopeFrom, dkim));
    }

    [Fact]
    public void The_webhook_reads_the_envelope_sender_from_SendGrids_envelope_field_and_survives_one_that_is_not_an_object()
    {
        Dictionary<string, string> spoofed = new() { ["SPF"] = "pass", ["envelope"] = """{"to":["esafety@school.example"],"from":"x@evil.example"}""" };
        Dictionary<string, string> genuine = new() { ["SPF"] = "pass", ["envelope"] = """{"to":["esafety@school.example"],"from":"teacher@school.example"}""" };
        Dictionary<string, string> hostile = new() { ["SPF"] = "pass", ["envelope"] = """["not", "an", "object"]""" };

        Assert.False(ReceiveInboundEmailEndpoint.SenderVerified(spoofed, "teacher@school.example"));
        Assert.True(ReceiveInboundEmailEndpoint.SenderVerified(genuine, "teacher@school.example"));
        Assert.False(ReceiveInboundEmailEndpoint.SenderVerified(hostile, "teacher@school.example"));
    }
}
