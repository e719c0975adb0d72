using System.Text.Json.Nodes;
using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.OpenApi;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.UnitTests;

public class OpenApiDocumentTests
{
    static readonly JsonObject Document = OpenApiDocument.Build();

    [Fact]
    public void Every_API_endpoint_is_described_with_its_method()
    {
        JsonObject paths = Document["paths"]!.AsObject();
        foreach (EndpointDefinition endpoint in EndpointCatalog.All.Where(e => e.Route.StartsWith("api/", StringComparison.Ordinal)))
        {
            Assert.True(paths.ContainsKey("/" + endpoint.Route), endpoint.Route);
            Assert.Equal(endpoint.Name, paths["/" + endpoint.Route]![endpoint.Method.ToLowerInvariant()]?["operationId"]?.GetValue<string>());
        }
    }

    [Fact]
    public void The_incident_contract_lists_the_same_values_the_API_accepts()
    {
        JsonNode schemas = Document["components"]!["schemas"]!;
        static string[] Values(JsonNode? node) => node!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ToArray();

        Assert.Equal(WireNames.All<HowIdentified>(), Values(schemas["IncidentReport"]!["properties"]!["howIdentified"]));
        Assert.Equal(["disclosure", "observed", "monitoring-alert", "filtering-report", "complaint", "other"], Values(schemas["IncidentReport"]!["properties"]!["howIdentified"]));
        Assert.Equal(["child", "staff", "volunteer", "parent-carer", "other"], Values(schemas["PersonInvolved"]!["properties"]!["role"]));
        Assert.Equal(["indecent-images-of-children", "grooming-or-sexual-exploitation", "extremism-or-hate", "other-criminal"], Values(schemas["Concerns"]!["properties"]!["illegalKinds"]!["items"]));
        Assert.Equal(["harmed-a-child", "criminal-offence", "risk-of-harm", "unsuitable-to-work-with-children"], Values(schemas["Concerns"]!["properties"]!["ladoThreshold"]!["items"]));
        Assert.Equal(20000, schemas["IncidentReport"]!["properties"]!["description"]!["maxLength"]!.GetValue<int>());
    }
}
