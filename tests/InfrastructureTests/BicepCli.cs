using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace EsafetyServerless.InfrastructureTests;

/// <summary>What one run of the Bicep CLI returned.</summary>
public sealed record BicepResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() =>
        $"bicep {this.Command} exited {this.ExitCode}\n--- stdout ---\n{this.StandardOutput}\n--- stderr ---\n{this.StandardError}";
}

/// <summary>
/// The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 package (its path is baked into the assembly by the
/// csproj), run offline against the repository's files.
/// </summary>
public static class BicepCli
{
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static string Path { get; } = Metadata("BicepCliPath");

    public static string RepoRoot { get; } = Metadata("RepoRoot");

    public static string InRepo(string relativePath) => System.IO.Path.GetFullPath(System.IO.Path.Combine(RepoRoot, relativePath));

    public static async Task<BicepResult> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        EnsureExecutable();
        ProcessStartInfo start = new(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoRoot,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (KeyValuePair<string, string> variable in environment ?? new Dictionary<string, string>())
        {
            start.Environment[variable.Key] = variable.Value;
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Path}.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using CancellationTokenSource timeout = new(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }

        return new BicepResult(string.Join(' ', arguments), process.ExitCode, await stdout, await stderr);
    }

    /// <summary>NuGet extracts package files without guaranteeing the execute bit; set it for the owner if missing.</summary>
    static void EnsureExecutable()
    {
        if (!File.Exists(Path))
        {
            throw new FileNotFoundException("The Bicep CLI is missing: restore Azure.Bicep.CommandLine.linux-x64.", Path);
        }

        if (!OperatingSystem.IsWindows())
        {
            UnixFileMode mode = File.GetUnixFileMode(Path);
            if (!mode.HasFlag(UnixFileMode.UserExecute))
            {
                File.SetUnixFileMode(Path, mode | UnixFileMode.UserExecute);
            }
        }
    }

    static string Metadata(string key) =>
        typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing (set by the csproj).");
}
