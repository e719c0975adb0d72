using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace EsafetyServerless.Local.Azurite;

/// <summary>
/// Azurite, the Azure Storage emulator from npm, run as a child process on loopback with its data in a folder that
/// survives restarts. If the runtime was killed, its Azurite outlives it; the next start adopts that process (found
/// through the pid file) instead of starting a second one, so nothing it held in memory is lost.
/// </summary>
public sealed partial class AzuriteProcess : IAsyncDisposable
{
    // The emulator's well-known development account (public, documented by Microsoft; not a secret).
    const string AccountName = "devstoreaccount1";
    const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    readonly int processId;
    readonly string pidFile;
    readonly ILogger logger;

    AzuriteProcess(int processId, string pidFile, string connectionString, ILogger logger)
    {
        this.processId = processId;
        this.pidFile = pidFile;
        this.ConnectionString = connectionString;
        this.logger = logger;
    }

    public string ConnectionString { get; }

    public static string ConnectionStringFor(int blobPort, int queuePort, int tablePort) => string.Create(
        CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{blobPort}/{AccountName};QueueEndpoint=http://127.0.0.1:{queuePort}/{AccountName};TableEndpoint=http://127.0.0.1:{tablePort}/{AccountName};");

    public static async Task<AzuriteProcess> StartAsync(
        string nodeRoot, string dataDirectory, int blobPort, int queuePort, int tablePort, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logger);
        Directory.CreateDirectory(dataDirectory);
        string pidFile = Path.Combine(dataDirectory, "azurite.pid");
        string connectionString = ConnectionStringFor(blobPort, queuePort, tablePort);
        int[] ports = [blobPort, queuePort, tablePort];

        if (TryReadLivePid(pidFile) is int adopted && await AllPortsOpenAsync(ports, cancellationToken))
        {
            LogAdopted(logger, adopted);
            return new AzuriteProcess(adopted, pidFile, connectionString, logger);
        }

        await NodePackages.EnsureInstalledAsync(nodeRoot, logger, cancellationToken);
        string script = Path.Combine(nodeRoot, "node_modules", "azurite", "dist", "src", "azurite.js");
        ProcessStartInfo start = new("node")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dataDirectory,
        };
        foreach (string arg in new[]
        {
            script, "--location", dataDirectory, "--silent", "--skipApiVersionCheck", "--disableTelemetry",
            "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(arg);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Azurite (is Node.js installed?).");
        process.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) { LogOutput(logger, line); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) { LogOutput(logger, line); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await File.WriteAllTextAsync(pidFile, process.Id.ToString(CultureInfo.InvariantCulture), cancellationToken);

        Stopwatch waited = Stopwatch.StartNew();
        while (!await AllPortsOpenAsync(ports, cancellationToken))
        {
            if (process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"Azurite did not start listening on ports {blobPort}, {queuePort} and {tablePort}. Is another program using them?"));
            }

            await Task.Delay(200, cancellationToken);
        }

        LogStarted(logger, process.Id, blobPort, queuePort, tablePort);
        return new AzuriteProcess(process.Id, pidFile, connectionString, logger);
    }

    /// <summary>Stops Azurite gracefully (SIGTERM lets it save its data), then forcefully if it lingers.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            using Process process = Process.GetProcessById(this.processId);
            _ = Kill(this.processId, SigTerm);
            using CancellationTokenSource grace = new(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (ArgumentException)
        {
            // Already gone.
        }

        if (Directory.Exists(Path.GetDirectoryName(this.pidFile)))
        {
            File.Delete(this.pidFile);
        }

        LogStopped(this.logger, this.processId);
    }

    static int? TryReadLivePid(string pidFile)
    {
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
        {
            return null;
        }

        try
        {
            using Process process = Process.GetProcessById(pid);
            return process.HasExited || !process.ProcessName.Contains("node", StringComparison.OrdinalIgnoreCase) ? null : pid;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    static async Task<bool> AllPortsOpenAsync(int[] ports, CancellationToken cancellationToken)
    {
        foreach (int port in ports)
        {
            using TcpClient client = new();
            try
            {
                using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(1));
                await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        return true;
    }

    const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LoggerMessage(Level = LogLevel.Information, Message = "Azurite started (pid {Pid}) on blob {BlobPort}, queue {QueuePort}, table {TablePort}")]
    static partial void LogStarted(ILogger logger, int pid, int blobPort, int queuePort, int tablePort);

    [LoggerMessage(Level = LogLevel.Information, Message = "Adopted the Azurite left running by a previous run (pid {Pid})")]
    static partial void LogAdopted(ILogger logger, int pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Azurite stopped (pid {Pid})")]
    static partial void LogStopped(ILogger logger, int pid);

    [LoggerMessage(Level = LogLevel.Debug, Message = "azurite: {Line}")]
    static partial void LogOutput(ILogger logger, string line);
}
