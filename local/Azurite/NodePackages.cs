using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace EsafetyServerless.Local.Azurite;

/// <summary>Installs the pinned npm packages (package-lock.json) with <c>npm ci</c> when they are missing.</summary>
public static partial class NodePackages
{
    public static async Task EnsureInstalledAsync(string nodeRoot, ILogger logger, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(nodeRoot, "node_modules", "azurite", "package.json")))
        {
            return;
        }

        LogInstalling(logger, nodeRoot);
        ProcessStartInfo start = new("npm") { UseShellExecute = false, WorkingDirectory = nodeRoot };
        foreach (string arg in new[] { "ci", "--no-audit", "--no-fund", "--loglevel=error" })
        {
            start.ArgumentList.Add(arg);
        }

        using Process npm = Process.Start(start) ?? throw new InvalidOperationException("Could not run npm (is Node.js installed?).");
        await npm.WaitForExitAsync(cancellationToken);
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException("npm ci failed; run it in the repository root to see why.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Installing the pinned npm packages in {Root} (first run)")]
    static partial void LogInstalling(ILogger logger, string root);
}
