using System.Globalization;

namespace EsafetyServerless.Workflows.Platform;

/// <summary>
/// UK local time (Europe/London: GMT in winter, BST in summer) for what people read — pages and emails — and for
/// times typed on forms. Storage and the API stay in UTC. Falls back to UTC only where the zone database is missing.
/// </summary>
public static class UkTime
{
    static readonly TimeZoneInfo Zone = Find();
    static readonly CultureInfo British = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>The same moment with the UK offset of that day (+00:00 or +01:00).</summary>
    public static DateTimeOffset ToLocal(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    /// <summary>The UK offset of a wall-clock time typed on a form (the earlier offset when the clocks go back).</summary>
    public static TimeSpan OffsetAt(DateTime local) => Zone.GetUtcOffset(local);

    /// <summary>"GMT" or "BST" at that moment, for emails read by people outside the agency.</summary>
    public static string ZoneName(DateTimeOffset at) => Zone.IsDaylightSavingTime(at) ? "BST" : "GMT";

    /// <summary>"3 December 2026 09:00 GMT": a deadline or moment in an email.</summary>
    public static string InEmail(DateTimeOffset at) =>
        ToLocal(at).ToString("d MMMM yyyy HH:mm", British) + " " + ZoneName(at);

    /// <summary>"3 December 2026": the UK day of a moment, in an email.</summary>
    public static string DayInEmail(DateTimeOffset at) => ToLocal(at).ToString("d MMMM yyyy", British);

    static TimeZoneInfo Find()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
