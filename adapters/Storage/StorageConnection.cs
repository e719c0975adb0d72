using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using EsafetyServerless.Adapters.Configuration;
using Microsoft.Extensions.Configuration;

namespace EsafetyServerless.Adapters.Storage;

/// <summary>
/// The storage account, read from the same setting the Functions host uses: <c>AzureWebJobsStorage</c> holds a
/// connection string locally (Azurite), and in Azure it is identity-based
/// (<c>AzureWebJobsStorage__blobServiceUri</c>, <c>__queueServiceUri</c>, <c>__tableServiceUri</c>,
/// <c>__credential</c>=managedidentity, <c>__clientId</c>).
/// </summary>
public sealed class StorageConnection
{
    public const string SettingName = AppSettingNames.Storage;

    StorageConnection(string? connectionString, Uri? blobUri, Uri? queueUri, Uri? tableUri, TokenCredential? credential)
    {
        this.ConnectionString = connectionString;
        this.blobUri = blobUri;
        this.queueUri = queueUri;
        this.tableUri = tableUri;
        this.credential = credential;
    }

    readonly Uri? blobUri;
    readonly Uri? queueUri;
    readonly Uri? tableUri;
    readonly TokenCredential? credential;

    /// <summary>The connection string, when the account is reached with one (Azurite, development).</summary>
    public string? ConnectionString { get; }

    public static StorageConnection FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string? connectionString = configuration[SettingName];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new StorageConnection(connectionString, null, null, null, null);
        }

        IConfigurationSection section = configuration.GetSection(SettingName);
        Uri blob = RequiredUri(section, "blobServiceUri");
        Uri queue = RequiredUri(section, "queueServiceUri");
        Uri table = RequiredUri(section, "tableServiceUri");
        string? clientId = section["clientId"];
        TokenCredential credential = string.IsNullOrWhiteSpace(clientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        return new StorageConnection(null, blob, queue, table, credential);
    }

    public static StorageConnection FromConnectionString(string connectionString) =>
        new(connectionString, null, null, null, null);

    public TableServiceClient CreateTableServiceClient() =>
        this.ConnectionString is { } cs
            ? new TableServiceClient(cs, WithRetries(new TableClientOptions()))
            : new TableServiceClient(this.tableUri, this.credential, WithRetries(new TableClientOptions()));

    public BlobServiceClient CreateBlobServiceClient() =>
        this.ConnectionString is { } cs
            ? new BlobServiceClient(cs, WithRetries(new BlobClientOptions()))
            : new BlobServiceClient(this.blobUri, this.credential, WithRetries(new BlobClientOptions()));

    public QueueServiceClient CreateQueueServiceClient() =>
        this.ConnectionString is { } cs
            ? new QueueServiceClient(cs, WithRetries(new QueueClientOptions()))
            : new QueueServiceClient(this.queueUri, this.credential, WithRetries(new QueueClientOptions()));

    /// <summary>
    /// Short timeouts and few retries, so that a request meeting a storage outage fails within seconds (and is answered
    /// 503, "try again") rather than hanging for the SDK's default of minutes. One place for every storage client.
    /// </summary>
    public static T WithRetries<T>(T options)
        where T : ClientOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(5);
        options.AddPolicy(StorageRequestCounter.Instance, HttpPipelinePosition.PerRetry);
        return options;
    }

    static Uri RequiredUri(IConfigurationSection section, string key) =>
        Uri.TryCreate(section[key], UriKind.Absolute, out Uri? uri)
            ? uri
            : throw new InvalidOperationException(
                $"Storage is not configured: set '{SettingName}' to a connection string, or '{SettingName}__{key}' and its siblings for an identity-based connection.");
}
