using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EsafetyServerless.InfrastructureTests;

/// <summary>
/// No secret leaves the deployment or sits in its inputs: outputs (of main and of every module) carry names and
/// addresses only, secure parameters have no defaults, no default or parameters-file value looks like a key, and
/// any app setting named like a secret is a Key Vault reference.
/// </summary>
[Collection(BicepCollection.Name)]
public sealed partial class NoSecretsTests(BicepFixture bicep)
{
    [Fact]
    public void No_output_names_or_carries_a_secret()
    {
        List<(string Name, string Value)> outputs = bicep.Template.Templates
            .SelectMany(t => t["outputs"] as JsonObject ?? [])
            .Select(o => (o.Key, o.Value?["value"]?.ToJsonString() ?? ""))
            .ToList();

        Assert.NotEmpty(outputs);
        Assert.All(outputs, o =>
        {
            Assert.False(NamesASecret(o.Name), $"Output '{o.Name}' is named like a secret.");
            Assert.False(SecretExpression().IsMatch(o.Value), $"Output '{o.Name}' reads a secret: {o.Value}");
        });
        Assert.All(
            bicep.Template.Templates.SelectMany(t => t["outputs"] as JsonObject ?? []),
            o => Assert.DoesNotContain("secure", o.Value?["type"]?.GetValue<string>() ?? "", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void No_parameter_default_is_a_secret_and_secret_parameters_are_secure()
    {
        List<(string Name, JsonObject Definition)> parameters = bicep.Template.Templates
            .SelectMany(t => t["parameters"] as JsonObject ?? [])
            .Select(p => (p.Key, (JsonObject)p.Value!))
            .ToList();

        Assert.NotEmpty(parameters);
        Assert.All(parameters, p =>
        {
            string type = p.Definition["type"]?.GetValue<string>() ?? "";
            bool secure = type.StartsWith("secure", StringComparison.OrdinalIgnoreCase);
            Assert.False(secure && p.Definition.ContainsKey("defaultValue"), $"Secure parameter '{p.Name}' has a default.");
            Assert.False(NamesASecret(p.Name) && !secure, $"Parameter '{p.Name}' is named like a secret but is not secure.");
            string defaultValue = p.Definition["defaultValue"]?.ToJsonString() ?? "";
            Assert.False(LooksLikeAKey(defaultValue), $"The default of '{p.Name}' looks like a key: {defaultValue}");
        });
    }

    [Fact]
    public void The_parameters_file_holds_no_secret()
    {
        JsonObject values = Assert.IsType<JsonObject>(BicepToolTests.ParametersOf(bicep.BuildParameters)["parameters"]);

        Assert.All(values, p =>
        {
            Assert.False(NamesASecret(p.Key), $"Parameter '{p.Key}' is named like a secret.");
            Assert.Null(p.Value?["reference"]);
            Assert.False(LooksLikeAKey(p.Value?["value"]?.ToJsonString() ?? ""), $"'{p.Key}' looks like a key.");
        });
    }

    /// <summary>
    /// Secrets reach the app as Key Vault references, never as values. Today the app reads no secret (the SendGrid
    /// and link-signing settings arrive with their features), so this holds the rule for when they do.
    /// </summary>
    [Fact]
    public void Every_app_setting_named_like_a_secret_is_a_Key_Vault_reference()
    {
        // Not a credential: local (key) auth is off on the component, so ingestion needs the identity's token.
        string[] notSecrets = ["APPLICATIONINSIGHTS_CONNECTION_STRING", "OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID"];
        Assert.True(bicep.Template.SingleOf("Microsoft.Insights/components").Bool("properties.DisableLocalAuth"));

        Assert.All(
            ConfigurationParityTests.AppSettings(bicep.Template).Where(s => !notSecrets.Contains(s.Name)),
            s => Assert.False(
                (NamesASecret(s.Name) || s.Name.Contains("CONNECTION_STRING", StringComparison.OrdinalIgnoreCase))
                    && !IsKeyVaultReference(s.Value),
                $"App setting '{s.Name}' is named like a secret but is not a Key Vault reference: {s.Value}"));
    }

    /// <summary>A literal reference, or an ARM expression that builds one (the vault's name is computed).</summary>
    static bool IsKeyVaultReference(string value) =>
        value.StartsWith("@Microsoft.KeyVault(SecretUri=", StringComparison.Ordinal)
        || value.StartsWith("[format('@Microsoft.KeyVault(SecretUri=", StringComparison.Ordinal);

    [Theory]
    [InlineData("storageAccountKey", true)]
    [InlineData("sendGridApiKey", true)]
    [InlineData("clientSecret", true)]
    [InlineData("adminPassword", true)]
    [InlineData("serviceBusConnectionString", true)]
    [InlineData("sasToken", true)]
    [InlineData("keyVaultName", false)]
    [InlineData("vaultUri", false)]
    [InlineData("managedIdentityClientId", false)]
    public void The_secret_name_check_tells_secrets_from_names(string name, bool secret) =>
        Assert.Equal(secret, NamesASecret(name));

    [Theory]
    [InlineData("\"SG.abcdefghijklmnopqrstuv.ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq\"", true)]
    [InlineData("\"DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abc\"", true)]
    [InlineData("\"Endpoint=sb://x/;SharedAccessKeyName=a;SharedAccessKey=b\"", true)]
    [InlineData("\"Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9v\"", true)]
    [InlineData("\"esafety\"", false)]
    [InlineData("\"[resourceGroup().location]\"", false)]
    [InlineData("\"11111111-2222-3333-4444-555555555555\"", false)]
    public void The_key_check_tells_keys_from_ordinary_values(string value, bool key) =>
        Assert.Equal(key, LooksLikeAKey(value));

    /// <summary>Splits a camelCase, PascalCase or SNAKE_CASE name into words and looks for a secret's word.</summary>
    internal static bool NamesASecret(string name)
    {
        List<string> words = Words().Matches(name).Select(m => m.Value.ToLowerInvariant()).ToList();
        for (int i = 0; i < words.Count; i++)
        {
            string word = words[i];
            string? next = i + 1 < words.Count ? words[i + 1] : null;
            if (word is "secret" or "secrets" or "password" or "pwd" or "token" or "sas"
                || (word == "connection" && next == "string")
                || (word is "key" or "keys" && next != "vault"))
            {
                return true;
            }
        }

        return false;
    }

    static bool LooksLikeAKey(string value) => KeyLike().IsMatch(value);

    [GeneratedRegex("[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")]
    private static partial Regex Words();

    [GeneratedRegex(@"AccountKey=|SharedAccessKey=|SharedAccessSignature|sig=|-----BEGIN|SG\.[\w-]{16,}\.[\w-]{16,}|[A-Za-z0-9+/]{40,}={0,2}")]
    private static partial Regex KeyLike();

    [GeneratedRegex(@"(?i)list(Keys|Secrets|ConnectionStrings|AccountSas|ServiceSas|Credentials?)\(|primaryKey|secondaryKey|ConnectionString|instrumentationKey|\.secretValue|getSecret\(")]
    private static partial Regex SecretExpression();
}
