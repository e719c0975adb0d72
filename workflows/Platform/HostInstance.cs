using System.Globalization;

namespace EsafetyServerless.Workflows.Platform;

/// <summary>Names the running process, so records can say which host instance did the work.</summary>
public static class HostInstance
{
    public static string Name { get; } =
        string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}/{Environment.ProcessId}");
}
