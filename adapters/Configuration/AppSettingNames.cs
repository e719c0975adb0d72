namespace EsafetyServerless.Adapters.Configuration;

/// <summary>
/// Every app setting the Functions app's own code reads, by the name it has in the Function app's settings
/// (<c>__</c> separates sections, as in environment variables). The Bicep template sets exactly these, plus the
/// settings the Functions host and platform read for themselves; a test holds the two lists together.
/// </summary>
public static class AppSettingNames
{
    /// <summary>The storage account. A connection string locally; identity-based in Azure (the keys below).</summary>
    public const string Storage = "AzureWebJobsStorage";

    public const string StorageBlobServiceUri = Storage + "__blobServiceUri";
    public const string StorageQueueServiceUri = Storage + "__queueServiceUri";
    public const string StorageTableServiceUri = Storage + "__tableServiceUri";

    /// <summary>"managedidentity" in Azure; read by the Functions host's own storage connection.</summary>
    public const string StorageCredential = Storage + "__credential";

    /// <summary>The client id of the user-assigned managed identity the app uses for storage.</summary>
    public const string StorageClientId = Storage + "__clientId";

    /// <summary>The durable task hub (host.json uses <c>%DurableTaskHubName%</c>; the health check names its queue).</summary>
    public const string DurableTaskHubName = "DurableTaskHubName";

    /// <summary>How email is sent: <c>sendgrid</c> in Azure.</summary>
    public const string EmailProvider = "Email__Provider";

    /// <summary>The sender address of every notice.</summary>
    public const string EmailFrom = "Email__From";

    /// <summary>The SendGrid API key: a Key Vault reference in Azure.</summary>
    public const string SendGridApiKey = "SendGrid__ApiKey";

    /// <summary>The app's public base URL, for links in emails.</summary>
    public const string AppBaseUrl = "App__BaseUrl";

    /// <summary>The shared secret in the SendGrid Inbound Parse URL (<c>?key=</c>): a Key Vault reference.</summary>
    public const string InboundEmailSecret = "InboundEmail__Secret";

    /// <summary>SendGrid's signed-webhook public key (base64 DER): a Key Vault reference.</summary>
    public const string InboundEmailVerificationKey = "InboundEmail__VerificationKey";

    /// <summary>The Service Bus namespace escalations travel over (<c>sb-….servicebus.windows.net</c>); identity-based.</summary>
    public const string ServiceBusNamespace = "ServiceBus__fullyQualifiedNamespace";

    /// <summary>The HMAC key that signs acknowledgement and download links: a Key Vault reference.</summary>
    public const string LinkSigningKey = "Links__SigningKey";

    /// <summary>The board's Entra ID tenant: a principal from any other tenant is refused.</summary>
    public const string AuthTenantId = "Auth__TenantId";

    /// <summary>Sign-in name of the first board admin, added at their first sign-in while the board has nobody.</summary>
    public const string FirstBoardAdmin = "Directory__FirstBoardAdmin";

    /// <summary>The settings read by this codebase in the Functions app (not by the host alone).</summary>
    public static IReadOnlyList<string> ReadByTheApp { get; } =
    [
        Storage, StorageBlobServiceUri, StorageQueueServiceUri, StorageTableServiceUri, StorageClientId, DurableTaskHubName,
        EmailProvider, EmailFrom, SendGridApiKey, AppBaseUrl, InboundEmailSecret, InboundEmailVerificationKey,
        ServiceBusNamespace, LinkSigningKey, AuthTenantId, FirstBoardAdmin,
    ];
}
