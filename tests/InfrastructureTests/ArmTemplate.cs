using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EsafetyServerless.InfrastructureTests;

/// <summary>
/// A compiled ARM template with its modules: Bicep compiles each module to a nested
/// <c>Microsoft.Resources/deployments</c> resource whose <c>properties.template</c> is the module's template.
/// Handles both resource layouts (an array, or an object keyed by symbolic name in languageVersion 2.0).
/// </summary>
public sealed partial class ArmTemplate
{
    public ArmTemplate(JsonObject root)
    {
        this.Root = root;
        List<JsonObject> templates = [];
        Collect(root, templates);
        this.Templates = templates;
        this.Resources = templates
            .SelectMany(t => ResourcesOf(t).Select(r => new ArmResource(t, r)))
            .Where(r => !r.IsExisting && r.Type != DeploymentType)
            .ToList();
    }

    const string DeploymentType = "Microsoft.Resources/deployments";

    public JsonObject Root { get; }

    /// <summary>The root template and every nested (module) template, depth-first.</summary>
    public IReadOnlyList<JsonObject> Templates { get; }

    /// <summary>Every resource the deployment creates (not <c>existing</c> references, not the module deployments).</summary>
    public IReadOnlyList<ArmResource> Resources { get; }

    public IEnumerable<ArmResource> OfType(string type) =>
        this.Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    public ArmResource SingleOf(string type)
    {
        List<ArmResource> found = this.OfType(type).ToList();
        Assert.True(found.Count == 1, $"Expected exactly one {type}, found {found.Count}.");
        return found[0];
    }

    static void Collect(JsonObject template, List<JsonObject> into)
    {
        into.Add(template);
        foreach (JsonObject resource in ResourcesOf(template))
        {
            if (string.Equals(resource["type"]?.GetValue<string>(), DeploymentType, StringComparison.OrdinalIgnoreCase)
                && resource["properties"]?["template"] is JsonObject nested)
            {
                Collect(nested, into);
            }
        }
    }

    static IEnumerable<JsonObject> ResourcesOf(JsonObject template) => template["resources"] switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        JsonObject byName => byName.Select(p => p.Value).OfType<JsonObject>(),
        _ => [],
    };

    /// <summary>Replaces <c>variables('name')</c> with the variable's literal string value, where it has one.</summary>
    public static string ResolveVariables(JsonObject template, string expression) =>
        VariableReference().Replace(expression, m =>
            template["variables"]?[m.Groups[1].Value] is JsonValue value && value.TryGetValue(out string? text)
                ? $"'{text}'"
                : m.Value);

    [GeneratedRegex(@"variables\('([^']+)'\)")]
    private static partial Regex VariableReference();
}

/// <summary>One resource in a (possibly nested) template.</summary>
public sealed record ArmResource(JsonObject Template, JsonObject Resource)
{
    public string Type => this.Resource["type"]?.GetValue<string>() ?? "";

    public string Name => this.Resource["name"]?.GetValue<string>() ?? "";

    public bool IsExisting => this.Resource["existing"] is JsonValue v && v.TryGetValue(out bool existing) && existing;

    /// <summary>The node at a dotted path from the resource (e.g. <c>properties.siteConfig.minTlsVersion</c>).</summary>
    public JsonNode? At(string path)
    {
        JsonNode? node = this.Resource;
        foreach (string segment in path.Split('.'))
        {
            node = node is JsonObject o ? o[segment] : null;
        }

        return node;
    }

    public string? Text(string path) => this.At(path) is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    public bool? Bool(string path) => this.At(path) is JsonValue v && v.TryGetValue(out bool b) ? b : null;

    /// <summary>True when the resource's name ends with the given literal segment (e.g. a container named 'evidence').</summary>
    public bool IsNamed(string literal) =>
        this.Name == literal || this.Name.EndsWith($"'{literal}')]", StringComparison.Ordinal);

    public override string ToString() => $"{this.Type} {this.Name}";
}
