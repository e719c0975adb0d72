using System.Text.Json;
using EsafetyServerless.Adapters.Configuration;
using EsafetyServerless.Local;
using Microsoft.Extensions.Configuration;

namespace EsafetyServerless.UnitTests;

public class SecretSettingsTests
{
    const string Strong = "Vq3w9Zp4Lk2Jx8Rt6Ny1Bm5Hc7Gd0Fs-ExampleOnlyQ9";

    static IConfiguration Settings(params (string Name, string? Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Name.Replace("__", ":", StringComparison.Ordinal), s.Value))).Build();

    [Theory]
    [InlineData(null, "is not set")]
    [InlineData("   ", "is not set")]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://kv-esafety.vault.azure.net/secrets/links-signing-key/)", "Key Vault reference")]
    [InlineData("short-but-random-9f3k", "too weak")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "too weak")]
    [InlineData(Strong, null)]
    public void A_secret_is_refused_when_missing_unresolved_or_weak(string? value, string? problem)
    {
        string? found = SecretSettings.Problem(value);

        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.Contains(problem, found, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_secret_committed_for_the_local_runtime_is_refused_in_Azure()
    {
        using JsonDocument local = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "local", "appsettings.json")));
        string signing = local.RootElement.GetProperty("Links").GetProperty("SigningKey").GetString()!;
        string inbound = local.RootElement.GetProperty("InboundEmail").GetProperty("Secret").GetString()!;

        Assert.Contains("development value", SecretSettings.Problem(signing), StringComparison.Ordinal);
        Assert.NotNull(SecretSettings.Problem(inbound));
    }

    [Fact]
    public void The_app_does_not_start_until_each_secret_is_usable_and_the_message_names_the_setting_never_the_value()
    {
        IConfiguration weak = Settings((AppSettingNames.LinkSigningKey, "tiny-key"), (AppSettingNames.InboundEmailSecret, Strong),
            (AppSettingNames.EmailProvider, "sendgrid"));
        IConfiguration good = Settings((AppSettingNames.LinkSigningKey, Strong), (AppSettingNames.InboundEmailSecret, Strong + "2"),
            (AppSettingNames.EmailProvider, "sendgrid"), (AppSettingNames.SendGridApiKey, "SG." + Strong));

        InvalidOperationException refused = Assert.Throws<InvalidOperationException>(() => SecretSettings.RequireUsable(weak));
        Assert.Contains("Links__SigningKey is too weak", refused.Message, StringComparison.Ordinal);
        Assert.Contains("SendGrid__ApiKey is not set", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tiny-key", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AppSettingNames.InboundEmailSecret, refused.Message, StringComparison.Ordinal);
        SecretSettings.RequireUsable(good);
        Assert.Empty(SecretSettings.Problems(Settings((AppSettingNames.LinkSigningKey, Strong), (AppSettingNames.InboundEmailSecret, Strong + "2"))));
    }
}
