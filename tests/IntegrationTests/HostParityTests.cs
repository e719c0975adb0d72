using System.Reflection;
using System.Text.Json;
using EsafetyServerless.Local;
using EsafetyServerless.Local.Azurite;
using EsafetyServerless.Workflows;
using EsafetyServerless.Workflows.Platform.Scheduling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EsafetyServerless.IntegrationTests;

/// <summary>
/// The two hosts expose the same thing: the HTTP triggers in the Functions app's generated functions.metadata and
/// the local runtime's route table have the same names, routes and methods; the orchestration, activity and timer
/// triggers are exactly the workflow and schedule catalogs.
/// </summary>
public sealed class HostParityTests
{
    static readonly Lazy<IReadOnlyList<FunctionEntry>> Functions = new(ReadFunctionsMetadata);

    [Fact]
    public void The_local_route_table_and_the_Functions_HTTP_triggers_are_the_same()
    {
        IEnumerable<string> functionRoutes = Functions.Value
            .Where(f => f.Trigger == "httpTrigger")
            .SelectMany(f => f.Methods.Select(m => $"{f.Name} {m.ToUpperInvariant()} /{f.Route}"));

        Assert.Equal(functionRoutes.Order(), LocalRoutes().Order());
    }

    [Fact]
    public void The_Functions_app_exposes_exactly_the_workflow_catalog()
    {
        Assert.Equal(
            WorkflowCatalog.Orchestrators.Select(t => t.Name).Order(),
            Functions.Value.Where(f => f.Trigger == "orchestrationTrigger").Select(f => f.Name).Order());
        Assert.Equal(
            WorkflowCatalog.Activities.Select(t => t.Name).Order(),
            Functions.Value.Where(f => f.Trigger == "activityTrigger").Select(f => f.Name).Order());
    }

    [Fact]
    public void The_Functions_timer_triggers_use_the_schedules_the_local_runtime_runs()
    {
        Assert.Equal(
            ScheduledJobCatalog.All.Select(j => $"{j.Name} {j.Schedule}").Order(),
            Functions.Value.Where(f => f.Trigger == "timerTrigger").Select(f => $"{f.Name} {f.Schedule}").Order());
    }

    /// <summary>Builds the local runtime's app (without starting it) and reads its route table.</summary>
    static IEnumerable<string> LocalRoutes()
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder();
        builder.Configuration["AzureWebJobsStorage"] = AzuriteProcess.ConnectionStringFor(1, 2, 3);
        LocalRuntimeOptions options = new() { GrpcPort = 1 };
        builder.AddLocalRuntime(options);
        WebApplication app = builder.Build();
        app.MapLocalRuntime(options);

        return ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<LocalOnlyRoute>() is null)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => $"{e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName} {m} {e.RoutePattern.RawText}"));
    }

    static List<FunctionEntry> ReadFunctionsMetadata()
    {
        string configuration = typeof(HostParityTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        string path = Path.Combine(RepositoryRoot.Find(), "functions", "bin", configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(path), "Build the Functions app first; the Worker SDK writes " + path);

        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        List<FunctionEntry> entries = [];
        foreach (JsonElement function in document.RootElement.EnumerateArray())
        {
            JsonElement trigger = function.GetProperty("bindings").EnumerateArray()
                .Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
            entries.Add(new FunctionEntry(
                function.GetProperty("name").GetString()!,
                trigger.GetProperty("type").GetString()!,
                trigger.TryGetProperty("route", out JsonElement route) ? route.GetString() : null,
                trigger.TryGetProperty("methods", out JsonElement methods) ? methods.EnumerateArray().Select(m => m.GetString()!).ToArray() : [],
                trigger.TryGetProperty("schedule", out JsonElement schedule) ? schedule.GetString() : null));
        }

        return entries;
    }

    sealed record FunctionEntry(string Name, string Trigger, string? Route, string[] Methods, string? Schedule);
}
