using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Health;
using EsafetyServerless.Workflows.Platform.Scheduling;
using EsafetyServerless.Workflows.Platform.SelfTest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EsafetyServerless.Adapters;

public static class DependencyInjection
{
    /// <summary>Registers the Azure Storage adapters for every storage port, connected by <c>AzureWebJobsStorage</c>.</summary>
    public static IServiceCollection AddEsafetyStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        StorageConnection connection = StorageConnection.FromConfiguration(configuration);
        services.AddSingleton(connection);
        services.AddSingleton(_ => connection.CreateTableServiceClient());
        services.AddSingleton(_ => connection.CreateBlobServiceClient());
        services.AddSingleton(_ => connection.CreateQueueServiceClient());
        services.AddSingleton<StorageTables>();
        services.AddSingleton(new DurableTaskHubName(configuration[DurableTaskHubName.SettingName] ?? DurableTaskHubName.Default));

        services.AddSingleton<IPeopleDirectory, TablePeopleDirectory>();
        services.AddSingleton<ISchedulerHeartbeatStore, TableSchedulerHeartbeatStore>();
        services.AddSingleton<ISelfTestJournal, TableSelfTestJournal>();
        services.AddSingleton<IIncidentStore, TableIncidentStore>();
        services.AddSingleton<IAuditTrail, TableAuditTrail>();
        services.AddSingleton<IHealthProbe, TableStorageProbe>();
        services.AddSingleton<IHealthProbe, TaskHubQueueProbe>();
        return services;
    }
}
