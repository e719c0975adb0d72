using EsafetyServerless.Local;
using EsafetyServerless.Local.Azurite;
using EsafetyServerless.Workflows.Platform.Scheduling;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using EsafetyServerless.Workflows;

namespace EsafetyServerless.IntegrationTests;

/// <summary>The local runtime can build every scheduled job of the catalog (the daily review scan needs the durable client).</summary>
public sealed class ScheduledJobHostingTests
{
    [Fact]
    public async Task The_local_runtime_resolves_every_scheduled_job_including_the_daily_review_scan()
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder();
        builder.Configuration["AzureWebJobsStorage"] = AzuriteProcess.ConnectionStringFor(1, 2, 3);
        builder.AddLocalRuntime(new LocalRuntimeOptions { GrpcPort = 1 });
        await using WebApplication app = builder.Build();
        await using AsyncServiceScope scope = app.Services.CreateAsyncScope();

        Assert.All(ScheduledJobCatalog.All, job => Assert.IsAssignableFrom<IScheduledJob>(scope.ServiceProvider.GetRequiredService(job.JobType)));
    }
}
