using System.Net;

namespace EsafetyServerless.Local;

/// <summary>Settings of the local runtime (section <c>Local</c>; environment variables <c>Local__HttpPort</c> etc.).</summary>
public sealed class LocalRuntimeOptions
{
    public const string SectionName = "Local";

    /// <summary>The address the HTTP layer listens on. Only a loopback address lets the principal header through.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>7071, the port <c>func start</c> uses, so URLs match the Azure Functions documentation.</summary>
    public int HttpPort { get; set; } = 7071;

    /// <summary>The durable engine's gRPC endpoint (loopback); 0 picks a free port at start.</summary>
    public int GrpcPort { get; set; }

    /// <summary>Where Azurite keeps its data between runs. Relative paths are under the repository root.</summary>
    public string DataDirectory { get; set; } = ".local-data";

    public int AzuriteBlobPort { get; set; } = 10000;

    public int AzuriteQueuePort { get; set; } = 10001;

    public int AzuriteTablePort { get; set; } = 10002;

    /// <summary>The email-intake SMTP listener's port on 127.0.0.1 (0 turns it off).</summary>
    public int SmtpPort { get; set; } = 2525;

    /// <summary>Seed the sample board (two agencies, a person in every role) when the directory is empty.</summary>
    public bool SeedSampleBoard { get; set; } = true;

    /// <summary>Deliveries after which the durable engine's poisoned message is set aside (<c>Local__PoisonMessageMaxDequeueCount</c>).</summary>
    public int PoisonMessageMaxDequeueCount { get; set; } = DurableEngine.PoisonMessageGuard.DefaultMaxDequeueCount;

    public bool IsLoopbackOnly => IPAddress.TryParse(this.BindAddress, out IPAddress? address) && IPAddress.IsLoopback(address);
}
