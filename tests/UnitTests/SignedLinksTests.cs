using EsafetyServerless.Workflows.Platform.Links;

namespace EsafetyServerless.UnitTests;

public sealed class SignedLinksTests
{
    static readonly SignedLinks Links = new(new LinkSigningOptions { SigningKey = "unit-test-link-signing-key-0123456789abcdef" });
    static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_link_opens_for_its_purpose_until_it_expires()
    {
        string token = Links.Sign("escalation", "inc-1-lado", Now.AddDays(14));

        LinkCheck check = Links.Verify("escalation", token, Now.AddDays(13));

        Assert.Equal(LinkCheckResult.Valid, check.Result);
        Assert.Equal("inc-1-lado", check.SubjectId);
        Assert.Equal(LinkCheckResult.Expired, Links.Verify("escalation", token, Now.AddDays(14)).Result);
    }

    [Fact]
    public void Changing_any_character_of_a_link_makes_it_tampered()
    {
        string token = Links.Sign("escalation", "inc-1-lado", Now.AddDays(14));

        for (int i = 0; i < token.Length; i++)
        {
            char replacement = token[i] == 'A' ? 'B' : 'A';
            string changed = token[..i] + replacement + token[(i + 1)..];
            Assert.NotEqual(LinkCheckResult.Valid, Links.Verify("escalation", changed, Now).Result);
        }
    }

    [Fact]
    public void A_link_for_one_purpose_does_not_open_another_and_another_key_does_not_verify_it()
    {
        string token = Links.Sign("disclosure", "pkg-1", Now.AddDays(1));
        SignedLinks otherKey = new(new LinkSigningOptions { SigningKey = "a-different-signing-key-0123456789abcdefgh" });

        Assert.Equal(LinkCheckResult.Tampered, Links.Verify("escalation", token, Now).Result);
        Assert.Equal(LinkCheckResult.Tampered, otherKey.Verify("disclosure", token, Now).Result);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("escalation.inc-1.99999999999.")]
    [InlineData("escalation.inc-1.abc.AAAA")]
    [InlineData("%%%%.^^^^")]
    [InlineData("\ud800")]
    public void Hostile_tokens_are_tampered_not_errors(string? token)
    {
        Assert.Equal(LinkCheckResult.Tampered, Links.Verify("escalation", token, Now).Result);
    }

    [Fact]
    public void A_missing_or_short_key_stops_the_app_at_start_with_the_setting_named()
    {
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => new SignedLinks(new LinkSigningOptions { SigningKey = "short" }));

        Assert.Contains(LinkSigningOptions.SettingName, error.Message, StringComparison.Ordinal);
    }
}
