using System.Text.Json.Nodes;

namespace EsafetyServerless.InfrastructureTests;

/// <summary>
/// Runs the Bicep CLI once per test run (build, lint and build-params, side by side) and keeps the results and the
/// compiled ARM template for every test in the collection.
/// </summary>
public sealed class BicepFixture : IAsyncLifetime
{
    public const string MainTemplate = "infra/bicep/main.bicep";
    public const string MainParameters = "infra/bicep/main.bicepparam";

    /// <summary>main.bicepparam reads the Entra client id from the environment; any well-formed id compiles.</summary>
    public static readonly IReadOnlyDictionary<string, string> ParametersEnvironment =
        new Dictionary<string, string> { ["ENTRA_CLIENT_ID"] = "11111111-2222-3333-4444-555555555555" };

    public BicepResult Build { get; private set; } = null!;

    public BicepResult Lint { get; private set; } = null!;

    public BicepResult BuildParameters { get; private set; } = null!;

    /// <summary>The compiled ARM template of main.bicep, modules included as nested deployments.</summary>
    public ArmTemplate Template => this.template ?? throw new InvalidOperationException("main.bicep did not compile:\n" + this.Build);

    ArmTemplate? template;

    public async Task InitializeAsync()
    {
        Task<BicepResult> build = BicepCli.RunAsync(null, "build", MainTemplate, "--stdout");
        Task<BicepResult> lint = BicepCli.RunAsync(null, "lint", MainTemplate);
        Task<BicepResult> buildParameters = BicepCli.RunAsync(ParametersEnvironment, "build-params", MainParameters, "--stdout");
        this.Build = await build;
        this.Lint = await lint;
        this.BuildParameters = await buildParameters;
        if (this.Build.ExitCode == 0 && JsonNode.Parse(this.Build.StandardOutput) is JsonObject root)
        {
            this.template = new ArmTemplate(root);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>One Bicep build for the whole assembly.</summary>
[CollectionDefinition(Name)]
public sealed class BicepCollection : ICollectionFixture<BicepFixture>
{
    public const string Name = "Bicep";
}
