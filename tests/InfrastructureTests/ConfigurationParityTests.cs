using System.Text.Json.Nodes;
using EsafetyServerless.Adapters.Configuration;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.InfrastructureTests;

/// <summary>
/// The template sets every app setting the code reads, and nothing the code does not read except the settings the
/// Functions host and platform read themselves (each on the allowlist below with its reason).
/// </summary>
[Collection(BicepCollection.Name)]
public sealed class ConfigurationParityTests(BicepFixture bicep)
{
    /// <summary>
    /// Read by the app locally but deliberately not set in Azure: there <c>AzureWebJobsStorage</c> (a connection string,
    /// i.e. a shared key) is replaced by the identity-based <c>AzureWebJobsStorage__*</c> settings, which the code
    /// (StorageConnection) and the host fall back to when it is absent. Setting it would also switch them to the key.
    /// </summary>
    static readonly Dictionary<string, string[]> ReplacedInAzure = new Dictionary<string, string[]>
    {
        [AppSettingNames.Storage] =
        [
            AppSettingNames.StorageBlobServiceUri, AppSettingNames.StorageQueueServiceUri,
            AppSettingNames.StorageTableServiceUri, AppSettingNames.StorageClientId,
        ],
    };

    /// <summary>Settings the template sets that the app's code does not read: the Functions host or platform does.</summary>
    public static readonly IReadOnlyDictionary<string, string> ReadByHostOrPlatform = new Dictionary<string, string>
    {
        // The host's own identity-based storage connection (the code uses the client id and the URIs, and picks
        // the managed identity credential itself).
        ["AzureWebJobsStorage__credential"] = "Functions host: 'managedidentity' makes its storage connection identity-based.",
        // Application Insights: the host and the worker's telemetry exporter send to the component named here.
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "Functions host and worker telemetry: which Application Insights component.",
        // Local auth is off on the component: telemetry is sent with an Entra token from the managed identity.
        ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = "Functions host and worker telemetry: authenticate as the managed identity.",
        // App Service Authentication (authsettingsV2 clientSecretSettingName): a federated credential from the managed
        // identity stands in for the Entra app registration's client secret.
        ["OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID"] = "App Service Authentication: the managed identity in place of a client secret.",
        ["FUNCTIONS_REQUEST_BODY_SIZE_LIMIT"] = "Functions host: the largest request body, set for 100 MB evidence files.",
    };

    [Fact]
    public void The_template_sets_every_setting_the_code_reads()
    {
        HashSet<string> set = AppSettings(bicep.Template).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

        Assert.All(AppSettingNames.ReadByTheApp, name =>
        {
            if (ReplacedInAzure.TryGetValue(name, out string[]? replacements))
            {
                Assert.DoesNotContain(name, set);
                Assert.All(replacements, r => Assert.Contains(r, set));
            }
            else
            {
                Assert.Contains(name, set);
            }
        });
    }

    [Fact]
    public void Every_setting_the_template_sets_is_read_by_the_code_or_by_the_host()
    {
        List<string> set = AppSettings(bicep.Template).Select(s => s.Name).ToList();

        Assert.Equal(set.Count, set.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(set, name => Assert.True(
            AppSettingNames.ReadByTheApp.Contains(name) || ReadByHostOrPlatform.ContainsKey(name),
            $"The template sets '{name}', which neither the code (AppSettingNames.ReadByTheApp) nor the host allowlist reads."));
    }

    [Fact]
    public void The_host_allowlist_holds_only_settings_the_template_sets_and_the_code_does_not_read()
    {
        HashSet<string> set = AppSettings(bicep.Template).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

        Assert.All(ReadByHostOrPlatform.Keys, name =>
        {
            Assert.Contains(name, set);
            Assert.DoesNotContain(name, AppSettingNames.ReadByTheApp);
        });
    }

    [Fact]
    public void Identity_based_storage_settings_point_at_the_managed_identity()
    {
        Dictionary<string, string> settings = AppSettings(bicep.Template).ToDictionary(s => s.Name, s => s.Value);

        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Contains("clientId", settings[AppSettingNames.StorageClientId], StringComparison.Ordinal);
        Assert.Equal(settings[AppSettingNames.StorageClientId], settings["OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID"]);
        Assert.Contains("Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
        Assert.Contains("primaryEndpoints.blob", settings[AppSettingNames.StorageBlobServiceUri], StringComparison.Ordinal);
        Assert.Contains("primaryEndpoints.queue", settings[AppSettingNames.StorageQueueServiceUri], StringComparison.Ordinal);
        Assert.Contains("primaryEndpoints.table", settings[AppSettingNames.StorageTableServiceUri], StringComparison.Ordinal);
    }

    [Fact]
    public void The_Functions_host_accepts_request_bodies_as_large_as_the_local_runtime_does()
    {
        Dictionary<string, string> settings = AppSettings(bicep.Template).ToDictionary(s => s.Name, s => s.Value);

        Assert.Equal(HostLimits.RequestBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), settings["FUNCTIONS_REQUEST_BODY_SIZE_LIMIT"]);
    }

    [Fact]
    public void The_Functions_app_is_told_the_boards_tenant_so_a_principal_from_another_is_refused()
    {
        Dictionary<string, string> settings = AppSettings(bicep.Template).ToDictionary(s => s.Name, s => s.Value);

        Assert.Contains("tenant()", settings[AppSettingNames.AuthTenantId], StringComparison.Ordinal);
    }

    /// <summary>The deployment docs name every role the product knows, for the Entra app registration's app roles.</summary>
    [Fact]
    public void The_deployment_docs_and_the_template_name_every_product_role_as_an_app_role()
    {
        string docs = File.ReadAllText(BicepCli.InRepo("infra/bicep/DEPLOY.md"));
        string functionApp = File.ReadAllText(BicepCli.InRepo("infra/bicep/modules/functionapp.bicep"));

        Assert.All(Enum.GetNames<Role>(), role =>
        {
            Assert.Contains($"`{role}`", docs, StringComparison.Ordinal);
            Assert.Contains(role, functionApp, StringComparison.Ordinal);
        });
    }

    /// <summary>The function app's settings: <c>siteConfig.appSettings</c> and any <c>config/appsettings</c> resource.</summary>
    internal static IReadOnlyList<(string Name, string Value)> AppSettings(ArmTemplate template)
    {
        List<(string, string)> settings = [];
        foreach (ArmResource site in template.OfType("Microsoft.Web/sites"))
        {
            foreach (JsonNode? setting in site.At("properties.siteConfig.appSettings") as JsonArray ?? [])
            {
                settings.Add((setting!["name"]!.GetValue<string>(), setting["value"]?.GetValue<string>() ?? ""));
            }
        }

        foreach (ArmResource config in template.OfType("Microsoft.Web/sites/config").Where(c => c.IsNamed("appsettings")))
        {
            foreach (KeyValuePair<string, JsonNode?> setting in config.At("properties") as JsonObject ?? [])
            {
                settings.Add((setting.Key, setting.Value?.GetValue<string>() ?? ""));
            }
        }

        Assert.NotEmpty(settings);
        return settings;
    }
}
