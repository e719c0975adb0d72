using System.Globalization;

namespace EsafetyServerless.Benchmarks;

/// <summary>Printing figures: one line each, invariant culture, so the README can quote them.</summary>
public static class Report
{
    public static async Task MachineAsync()
    {
        string cpu = File.Exists("/proc/cpuinfo")
            ? (await File.ReadAllLinesAsync("/proc/cpuinfo")).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : "?";
        Line($"machine: {Environment.ProcessorCount} cores ({cpu}), {Environment.OSVersion}, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}");
    }

    public static void Heading(string text) => Console.WriteLine("\n== " + text + " ==");

    public static void Line(FormattableString text) => Console.WriteLine(text.ToString(CultureInfo.InvariantCulture));

    public static string Ratio(double measured, double baseline) =>
        baseline == 0 ? "n/a" : (measured / baseline).ToString("0.00", CultureInfo.InvariantCulture) + "x";

    public static string Target(bool met) => met ? "target met" : "TARGET MISSED";
}

/// <summary>Order statistics of a sample.</summary>
public static class Stats
{
    public static double Percentile(IReadOnlyCollection<double> values, double percentile)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return double.NaN;
        }

        double[] sorted = [.. values.Order()];
        double rank = percentile / 100 * (sorted.Length - 1);
        int low = (int)Math.Floor(rank);
        int high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }

    public static double Median(IReadOnlyCollection<double> values) => Percentile(values, 50);
}
