using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using EsafetyServerless.Http.Security;
using EsafetyServerless.Local;

namespace EsafetyServerless.TestSupport;

/// <summary>
/// The local runtime as a separate process, exactly as the README's run command starts it, but on free ports and
/// with its data in a temporary folder. It can be killed (SIGKILL) and started again on the same data.
/// </summary>
public sealed class LocalRuntimeProcess : IAsyncDisposable
{
    readonly StringBuilder output = new();
    readonly Dictionary<string, string> environment;
    Process? process;

    LocalRuntimeProcess(string dataDirectory, int httpPort, Dictionary<string, string> environment)
    {
        this.DataDirectory = dataDirectory;
        this.HttpPort = httpPort;
        this.environment = environment;
        this.Http = new HttpClient { BaseAddress = this.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string DataDirectory { get; }

    public int HttpPort { get; }

    /// <summary>The settings the process is started with (environment variables).</summary>
    public IReadOnlyDictionary<string, string> Settings => this.environment;

    public Uri BaseAddress => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{this.HttpPort}/"));

    public HttpClient Http { get; }

    public int ProcessId => this.process?.Id ?? throw new InvalidOperationException("Not started.");

    /// <summary>The host instance name the runtime's activities record ("machine/pid").</summary>
    public string HostInstance => string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}/{this.ProcessId}");

    /// <summary>Everything the process printed, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (this.output)
            {
                return this.output.ToString();
            }
        }
    }

    public static LocalRuntimeProcess CreateIsolated(IReadOnlyDictionary<string, string>? settings = null)
    {
        Dictionary<string, string> env = new(StringComparer.Ordinal)
        {
            ["Local__DataDirectory"] = Path.Combine(Path.GetTempPath(), "esafety-local-" + Guid.NewGuid().ToString("N")),
            ["Local__HttpPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Local__AzuriteBlobPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Local__AzuriteQueuePort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Local__AzuriteTablePort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Local__SmtpPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
        };
        foreach (KeyValuePair<string, string> setting in settings ?? new Dictionary<string, string>())
        {
            env[setting.Key] = setting.Value;
        }

        return new LocalRuntimeProcess(env["Local__DataDirectory"], int.Parse(env["Local__HttpPort"], CultureInfo.InvariantCulture), env);
    }

    /// <summary>Starts the process and waits until <c>GET /api/health</c> answers 200; returns how long that took.</summary>
    public async Task<TimeSpan> StartAsync(TimeSpan? timeout = null)
    {
        string configuration = typeof(LocalRuntimeProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        string dll = Path.Combine(RepositoryRoot.Find(), "local", "bin", configuration, "net10.0", "EsafetyServerless.Local.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("Build the solution first: the local runtime is not at " + dll);
        }

        ProcessStartInfo start = new("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (KeyValuePair<string, string> variable in this.environment)
        {
            start.Environment[variable.Key] = variable.Value;
        }

        Stopwatch started = Stopwatch.StartNew();
        this.process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the local runtime.");
        this.process.OutputDataReceived += (_, e) => this.Append(e.Data);
        this.process.ErrorDataReceived += (_, e) => this.Append(e.Data);
        this.process.BeginOutputReadLine();
        this.process.BeginErrorReadLine();

        TimeSpan limit = timeout ?? TimeSpan.FromSeconds(90);
        while (started.Elapsed < limit)
        {
            if (this.process.HasExited)
            {
                throw new InvalidOperationException("The local runtime exited during start-up:\n" + this.Output);
            }

            try
            {
                using HttpResponseMessage health = await this.Http.GetAsync(new Uri("api/health", UriKind.Relative));
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return started.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The local runtime was not healthy within {limit}:\n{this.Output}");
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or power cut.</summary>
    public async Task KillAsync()
    {
        Process running = this.process ?? throw new InvalidOperationException("Not started.");
        running.Kill(entireProcessTree: false);
        await running.WaitForExitAsync();
    }

    /// <summary>A graceful stop (SIGTERM, like Ctrl+C), which also stops the runtime's Azurite.</summary>
    public async Task StopAsync()
    {
        if (this.process is { HasExited: false } running)
        {
            using Process kill = Process.Start("kill", ["-TERM", running.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            using CancellationTokenSource grace = new(TimeSpan.FromSeconds(30));
            try
            {
                await running.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                running.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>The process id of the runtime's Azurite, from its pid file (fault tests pause and resume it).</summary>
    public int AzuriteProcessId =>
        int.Parse(File.ReadAllText(Path.Combine(this.DataDirectory, "azurite", "azurite.pid")), CultureInfo.InvariantCulture);

    /// <summary>Sends a signal to a process on this machine (SIGSTOP pauses it, SIGCONT resumes it).</summary>
    public static async Task SignalAsync(int processId, string signal)
    {
        using Process kill = Process.Start("kill", ["-" + signal, processId.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>A request as a signed-in person, with the principal header App Service Authentication would set.</summary>
    public static HttpRequestMessage As(string? signInName, HttpMethod method, string path, HttpContent? content = null)
    {
        HttpRequestMessage request = new(method, new Uri(path.TrimStart('/'), UriKind.Relative)) { Content = content };
        if (signInName is not null)
        {
            request.Headers.Add(ClientPrincipal.HeaderName, ClientPrincipal.ForSignInName(signInName).ToHeaderValue());
        }

        return request;
    }

    public async ValueTask DisposeAsync()
    {
        await this.StopAsync();
        this.process?.Dispose();
        this.Http.Dispose();

        // A killed runtime leaves its Azurite running; stop it through its pid file.
        string pidFile = Path.Combine(this.DataDirectory, "azurite", "azurite.pid");
        if (File.Exists(pidFile) && int.TryParse(await File.ReadAllTextAsync(pidFile), out int pid))
        {
            try
            {
                using Process azurite = Process.GetProcessById(pid);
                azurite.Kill();
                await azurite.WaitForExitAsync();
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }

        try
        {
            Directory.Delete(this.DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (this.output)
        {
            this.output.AppendLine(line);
        }
    }
}
