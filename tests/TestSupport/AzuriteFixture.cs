using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.Local;
using EsafetyServerless.Local.Azurite;

namespace EsafetyServerless.TestSupport;

/// <summary>
/// A real Azurite for a test collection: installed with npm ci if needed, started on free ports with its data in a
/// temporary folder, stopped and deleted afterwards. Each test names its own tables or ids, so tests can share it.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "esafety-azurite-" + Guid.NewGuid().ToString("N"));
    AzuriteProcess? azurite;

    public string ConnectionString => this.azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite has not started.");

    public StorageConnection Storage => StorageConnection.FromConnectionString(this.ConnectionString);

    public StorageTables NewTables() => new(this.Storage.CreateTableServiceClient());

    public Azure.Storage.Queues.QueueServiceClient NewQueues() => this.Storage.CreateQueueServiceClient();

    public async Task InitializeAsync()
    {
        this.azurite = await AzuriteProcess.StartAsync(
            RepositoryRoot.Find(), this.dataDirectory, FreePorts.Next(), FreePorts.Next(), FreePorts.Next(), TestLogger.Instance, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (this.azurite is not null)
        {
            await this.azurite.DisposeAsync();
        }

        try
        {
            Directory.Delete(this.dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }
}
