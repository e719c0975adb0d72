using System.Text.Json;
using System.Text.Json.Nodes;

namespace EsafetyServerless.InfrastructureTests;

/// <summary>The template compiles and lints clean with the pinned Bicep CLI, and the linter config has teeth.</summary>
[Collection(BicepCollection.Name)]
public sealed class BicepToolTests(BicepFixture bicep)
{
    [Fact]
    public void Main_template_builds_with_no_warnings()
    {
        Assert.True(bicep.Build.ExitCode == 0, bicep.Build.ToString());
        Assert.True(string.IsNullOrWhiteSpace(bicep.Build.StandardError), bicep.Build.ToString());
        Assert.Contains("deploymentTemplate.json", bicep.Template.Root["$schema"]?.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Linter_reports_nothing_for_main_template()
    {
        Assert.True(bicep.Lint.ExitCode == 0, bicep.Lint.ToString());
        Assert.True(string.IsNullOrWhiteSpace(bicep.Lint.StandardOutput + bicep.Lint.StandardError), bicep.Lint.ToString());
    }

    [Fact]
    public void Parameters_file_builds_and_takes_the_Entra_client_id_from_the_environment()
    {
        Assert.True(bicep.BuildParameters.ExitCode == 0, bicep.BuildParameters.ToString());
        Assert.True(string.IsNullOrWhiteSpace(bicep.BuildParameters.StandardError), bicep.BuildParameters.ToString());
        JsonNode parameters = ParametersOf(bicep.BuildParameters);
        Assert.Equal(
            BicepFixture.ParametersEnvironment["ENTRA_CLIENT_ID"],
            parameters["parameters"]?["entraClientId"]?["value"]?.GetValue<string>());
    }

    [Fact]
    public void Bicep_config_sets_every_linter_rule_to_error()
    {
        JsonNode config = JsonNode.Parse(
            File.ReadAllText(BicepCli.InRepo("infra/bicep/bicepconfig.json")),
            documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
        JsonObject rules = Assert.IsType<JsonObject>(config["analyzers"]?["core"]?["rules"]);

        Assert.True(rules.Count >= 40, $"Only {rules.Count} rules are configured.");
        Assert.All(rules, rule => Assert.Equal("error", rule.Value?["level"]?.GetValue<string>()));
        Assert.Contains("outputs-should-not-contain-secrets", rules.Select(r => r.Key));
        Assert.Contains("secure-parameter-default", rules.Select(r => r.Key));
        Assert.Contains("use-recent-api-versions", rules.Select(r => r.Key));
    }

    /// <summary>The same config, on a file with a finding, fails the lint: the clean result above means something.</summary>
    [Fact]
    public async Task A_linter_finding_fails_the_lint()
    {
        string folder = Directory.CreateTempSubdirectory("esafety-bicep-").FullName;
        try
        {
            File.Copy(BicepCli.InRepo("infra/bicep/bicepconfig.json"), Path.Combine(folder, "bicepconfig.json"));
            string file = Path.Combine(folder, "finding.bicep");
            await File.WriteAllTextAsync(file, "@description('Never used.')\nparam unused string\n");

            BicepResult lint = await BicepCli.RunAsync(null, "lint", file);

            Assert.NotEqual(0, lint.ExitCode);
            Assert.Contains("Error no-unused-params", lint.StandardOutput + lint.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>build-params prints the parameters and the template, each as a JSON string.</summary>
    internal static JsonNode ParametersOf(BicepResult buildParameters)
    {
        JsonNode output = JsonNode.Parse(buildParameters.StandardOutput)!;
        return JsonNode.Parse(output["parametersJson"]!.GetValue<string>())!;
    }
}
