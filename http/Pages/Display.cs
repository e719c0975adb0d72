using System.Globalization;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Http.Pages;

/// <summary>How dates and times read on pages: British English, in UK local time (GMT/BST), one place to change them.</summary>
public static class Display
{
    static readonly CultureInfo British = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>"3 Dec 2026 14:05", for tables and lists.</summary>
    public static string Moment(DateTimeOffset at) => UkTime.ToLocal(at).ToString("d MMM yyyy HH:mm", British);

    /// <summary>"3 December 2026 14:05", for a record's own page.</summary>
    public static string MomentInFull(DateTimeOffset at) => UkTime.ToLocal(at).ToString("d MMMM yyyy HH:mm", British);

    /// <summary>"3 Dec 2026 14:05:09", where the order of events within a minute matters (the chain of custody).</summary>
    public static string MomentToTheSecond(DateTimeOffset at) => UkTime.ToLocal(at).ToString("d MMM yyyy HH:mm:ss", British);

    /// <summary>"3 December 2026": the day of a moment, where the time does not matter (a review date).</summary>
    public static string Day(DateTimeOffset at) => UkTime.ToLocal(at).ToString("d MMMM yyyy", British);

    /// <summary>"27 March 2014".</summary>
    public static string Date(DateOnly date) => date.ToString("d MMMM yyyy", British);

    public static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);
}
