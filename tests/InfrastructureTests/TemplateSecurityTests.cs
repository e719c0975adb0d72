using System.Text.Json.Nodes;
using EsafetyServerless.Http;
using EsafetyServerless.Http.Endpoints;

namespace EsafetyServerless.InfrastructureTests;

/// <summary>The compiled ARM template (modules included) provisions the secure configuration the product relies on.</summary>
[Collection(BicepCollection.Name)]
public sealed class TemplateSecurityTests(BicepFixture bicep)
{
    ArmTemplate Template => bicep.Template;

    [Fact]
    public void Storage_account_has_no_shared_keys_no_public_blobs_and_TLS_1_2()
    {
        ArmResource storage = this.Template.SingleOf("Microsoft.Storage/storageAccounts");

        Assert.False(storage.Bool("properties.allowSharedKeyAccess") ?? true, "allowSharedKeyAccess must be false");
        Assert.Equal("TLS1_2", storage.Text("properties.minimumTlsVersion"));
        Assert.False(storage.Bool("properties.allowBlobPublicAccess") ?? true, "allowBlobPublicAccess must be false");
        Assert.True(storage.Bool("properties.supportsHttpsTrafficOnly"));
    }

    [Fact]
    public void Blob_versioning_is_on_and_the_evidence_container_has_version_level_immutability()
    {
        Assert.True(this.Template.SingleOf("Microsoft.Storage/storageAccounts/blobServices").Bool("properties.isVersioningEnabled"));

        List<ArmResource> containers = this.Template.OfType("Microsoft.Storage/storageAccounts/blobServices/containers").ToList();
        foreach (string name in new[] { "deployment", "raw-mail", "attachments-quarantine", "evidence", "disclosures" })
        {
            Assert.Contains(containers, c => c.IsNamed(name));
        }

        ArmResource evidence = containers.Single(c => c.IsNamed("evidence"));
        Assert.True(evidence.Bool("properties.immutableStorageWithVersioning.enabled"));
        Assert.All(containers, c => Assert.Equal("None", c.Text("properties.publicAccess")));
    }

    [Fact]
    public void Function_app_is_Flex_Consumption_dotnet_isolated_10_HTTPS_only_with_TLS_1_2_and_no_FTP()
    {
        ArmResource plan = this.Template.SingleOf("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", plan.Text("sku.name"));
        Assert.Equal("FlexConsumption", plan.Text("sku.tier"));

        ArmResource app = this.Template.SingleOf("Microsoft.Web/sites");
        Assert.True(app.Bool("properties.httpsOnly"));
        Assert.Equal("1.2", app.Text("properties.siteConfig.minTlsVersion"));
        Assert.Equal("Disabled", app.Text("properties.siteConfig.ftpsState"));
        Assert.Equal("UserAssigned", app.Text("identity.type"));
        Assert.Equal("dotnet-isolated", app.Text("properties.functionAppConfig.runtime.name"));
        Assert.Equal("10.0", app.Text("properties.functionAppConfig.runtime.version"));
        Assert.Equal("blobContainer", app.Text("properties.functionAppConfig.deployment.storage.type"));
        Assert.Equal("UserAssignedIdentity", app.Text("properties.functionAppConfig.deployment.storage.authentication.type"));

        // The hosted Service Bus processor must be running for a referral to go out: one instance is always ready.
        JsonNode alwaysReady = Assert.Single((JsonArray)app.At("properties.functionAppConfig.scaleAndConcurrency.alwaysReady")!)!;
        Assert.Equal("durable", alwaysReady["name"]!.GetValue<string>());
        Assert.Equal(1, alwaysReady["instanceCount"]!.GetValue<int>());

        Assert.All(
            this.Template.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies"),
            policy => Assert.False(policy.Bool("properties.allow") ?? true));
    }

    [Fact]
    public void App_Service_Authentication_requires_Entra_sign_in_except_for_anonymous_endpoints_and_uses_no_secret()
    {
        ArmResource auth = this.Template.OfType("Microsoft.Web/sites/config").Single(c => c.IsNamed("authsettingsV2"));

        Assert.True(auth.Bool("properties.platform.enabled"));
        Assert.True(auth.Bool("properties.globalValidation.requireAuthentication"));
        Assert.Equal("RedirectToLoginPage", auth.Text("properties.globalValidation.unauthenticatedClientAction"));
        Assert.True(auth.Bool("properties.identityProviders.azureActiveDirectory.enabled"));
        Assert.Equal(
            "OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID",
            auth.Text("properties.identityProviders.azureActiveDirectory.registration.clientSecretSettingName"));

        // The health probe is reachable without sign-in, and nothing that needs a role is.
        List<string> excluded = (auth.At("properties.globalValidation.excludedPaths") as JsonArray ?? [])
            .Select(p => p!.GetValue<string>()).ToList();
        Assert.Contains("/api/health", excluded);
        // A route ending in a parameter ("referrals/{token}") is excluded as a prefix ("/referrals/*").
        HashSet<string> anonymous = EndpointCatalog.All.Where(e => e.Access.AllowsAnonymous)
            .Select(e => "/" + System.Text.RegularExpressions.Regex.Replace(e.Route, @"\{[^}]+\}$", "*")).ToHashSet();
        Assert.All(excluded, path => Assert.Contains(path, anonymous));
    }

    [Fact]
    public void Service_Bus_has_local_auth_off_duplicate_detection_and_a_filtered_dead_lettering_subscription_per_target()
    {
        ArmResource ns = this.Template.SingleOf("Microsoft.ServiceBus/namespaces");
        Assert.True(ns.Bool("properties.disableLocalAuth"));
        Assert.Equal("1.2", ns.Text("properties.minimumTlsVersion"));

        ArmResource topic = this.Template.SingleOf("Microsoft.ServiceBus/namespaces/topics");
        Assert.True(topic.IsNamed("escalations"), topic.Name);
        Assert.True(topic.Bool("properties.requiresDuplicateDetection"));

        // The subscriptions (and their rules) are a loop over the targets main.bicep passes to the module.
        ArmResource subscription = this.Template.SingleOf("Microsoft.ServiceBus/namespaces/topics/subscriptions");
        Assert.Equal(["police", "ceop", "iwf", "lado", "first-response"], this.EscalationTargets());
        Assert.Equal("[length(parameters('escalationTargets'))]", subscription.Resource["copy"]?["count"]?.GetValue<string>());
        Assert.True(subscription.Bool("properties.deadLetteringOnMessageExpiration"));
        Assert.True(subscription.Bool("properties.deadLetteringOnFilterEvaluationExceptions"));
        Assert.Equal(10, subscription.At("properties.maxDeliveryCount")?.GetValue<int>());

        ArmResource rule = this.Template.SingleOf("Microsoft.ServiceBus/namespaces/topics/subscriptions/rules");
        Assert.Contains("'$Default'", rule.Name, StringComparison.Ordinal);
        Assert.Equal("SqlFilter", rule.Text("properties.filterType"));
        Assert.Contains("sys.Label = ''{0}''", rule.Text("properties.sqlFilter.sqlExpression"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_metric_alert_fires_on_any_dead_lettered_message()
    {
        ArmResource alert = this.Template.SingleOf("Microsoft.Insights/metricAlerts");
        JsonObject criterion = Assert.IsType<JsonObject>(Assert.Single(alert.At("properties.criteria.allOf") as JsonArray ?? []));

        Assert.Equal("DeadletteredMessages", criterion["metricName"]?.GetValue<string>());
        Assert.Equal("GreaterThan", criterion["operator"]?.GetValue<string>());
        Assert.Equal(0, criterion["threshold"]?.GetValue<int>());
        Assert.True(alert.Bool("properties.enabled"));
    }

    [Fact]
    public void Key_Vault_is_in_RBAC_mode_with_soft_delete_and_purge_protection()
    {
        ArmResource vault = this.Template.SingleOf("Microsoft.KeyVault/vaults");

        Assert.True(vault.Bool("properties.enableRbacAuthorization"));
        Assert.True(vault.Bool("properties.enableSoftDelete"));
        Assert.True(vault.Bool("properties.enablePurgeProtection"));
        Assert.Null(vault.At("properties.accessPolicies"));
    }

    [Fact]
    public void Application_Insights_is_workspace_based_with_local_auth_disabled()
    {
        ArmResource appInsights = this.Template.SingleOf("Microsoft.Insights/components");

        Assert.True(appInsights.Bool("properties.DisableLocalAuth"));
        Assert.NotNull(appInsights.Text("properties.WorkspaceResourceId"));
        Assert.Single(this.Template.OfType("Microsoft.OperationalInsights/workspaces"));
    }

    /// <summary>Built-in role ids, the data plane each grants, and the resource type it must be scoped to.</summary>
    public static TheoryData<string, string, string> DataPlaneRoles => new()
    {
        { "Storage Blob Data Contributor", "ba92f5b4-2d11-453d-a403-e96b0029c9fe", "Microsoft.Storage/storageAccounts" },
        { "Storage Queue Data Contributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Microsoft.Storage/storageAccounts" },
        { "Storage Table Data Contributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Microsoft.Storage/storageAccounts" },
        { "Azure Service Bus Data Sender", "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39", "Microsoft.ServiceBus/namespaces" },
        { "Azure Service Bus Data Receiver", "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0", "Microsoft.ServiceBus/namespaces" },
        { "Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6", "Microsoft.KeyVault/vaults" },
        { "Monitoring Metrics Publisher", "3913510d-42f4-4e42-8a64-420c390055eb", "Microsoft.Insights/components" },
    };

    [Theory]
    [MemberData(nameof(DataPlaneRoles))]
    public void The_app_identity_holds_each_data_plane_role_on_its_resource(string role, string roleId, string scopeType)
    {
        List<ArmResource> assignments = this.Template.OfType("Microsoft.Authorization/roleAssignments")
            .Where(a => ArmTemplate.ResolveVariables(a.Template, a.Text("properties.roleDefinitionId") ?? "")
                .Contains(roleId, StringComparison.OrdinalIgnoreCase))
            .ToList();

        ArmResource assignment = Assert.Single(assignments);
        Assert.True(
            (assignment.Text("scope") ?? "").Contains($"'{scopeType}'", StringComparison.OrdinalIgnoreCase),
            $"{role} is scoped to '{assignment.Text("scope")}', expected a {scopeType}.");
        Assert.Equal("[parameters('principalId')]", assignment.Text("properties.principalId"));
    }

    [Fact]
    public void Only_least_privilege_roles_are_assigned()
    {
        HashSet<string> allowed = DataPlaneRoles.Select(row => (string)row[1]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        List<ArmResource> assignments = this.Template.OfType("Microsoft.Authorization/roleAssignments").ToList();

        Assert.Equal(allowed.Count, assignments.Count);
        Assert.All(assignments, a => Assert.Contains(
            allowed,
            id => ArmTemplate.ResolveVariables(a.Template, a.Text("properties.roleDefinitionId") ?? "").Contains(id, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void Every_role_assignment_is_named_by_guid_of_scope_principal_and_role_and_has_a_principal_type()
    {
        List<ArmResource> assignments = this.Template.OfType("Microsoft.Authorization/roleAssignments").ToList();
        Assert.NotEmpty(assignments);
        Assert.All(assignments, a =>
        {
            Assert.StartsWith("[guid(", a.Name, StringComparison.Ordinal);
            Assert.Contains("parameters('principalId')", a.Name, StringComparison.Ordinal);
            string roleId = a.Text("properties.roleDefinitionId") ?? "";
            string roleArgument = roleId[(roleId.LastIndexOf(", ", StringComparison.Ordinal) + 2)..].TrimEnd(']', ')');
            Assert.Contains(roleArgument, a.Name, StringComparison.Ordinal);
            Assert.Equal("ServicePrincipal", a.Text("properties.principalType"));
        });
    }

    /// <summary>The escalation targets main.bicep passes to the Service Bus module, resolved from its variables.</summary>
    List<string> EscalationTargets()
    {
        JsonObject root = this.Template.Root;
        JsonNode? passed = root["resources"] switch
        {
            JsonObject byName => byName["serviceBus"]?["properties"]?["parameters"]?["escalationTargets"]?["value"],
            JsonArray array => array.FirstOrDefault(r => r?["name"]?.GetValue<string>() == "serviceBus")?["properties"]?["parameters"]?["escalationTargets"]?["value"],
            _ => null,
        };
        Assert.Equal("[variables('escalationTargets')]", passed?.GetValue<string>());
        JsonArray targets = Assert.IsType<JsonArray>(root["variables"]?["escalationTargets"]);
        return targets.Select(t => t!.GetValue<string>()).ToList();
    }
}
