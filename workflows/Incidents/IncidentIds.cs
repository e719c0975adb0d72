using System.Globalization;
using System.Security.Cryptography;

namespace EsafetyServerless.Workflows.Incidents;

/// <summary>Incident ids and references.</summary>
public static class IncidentIds
{
    /// <summary>How every incident id (and so every response workflow's instance id) begins.</summary>
    public const string Prefix = "inc-";

    /// <summary>
    /// A time-ordered id: newest first when sorted as text (the ticks are inverted), so the table returns an
    /// agency's log newest first without sorting. 19 digits of inverted ticks, then 8 random hex digits.
    /// </summary>
    public static string NewId(DateTimeOffset submittedAt) =>
        string.Create(CultureInfo.InvariantCulture, $"inc-{DateTimeOffset.MaxValue.UtcTicks - submittedAt.UtcTicks:D19}-{RandomNumberGenerator.GetHexString(8, lowercase: true)}");

    public static bool IsWellFormed(string? incidentId) =>
        incidentId is { Length: 32 } id && id.StartsWith("inc-", StringComparison.Ordinal)
        && id.AsSpan(4, 19).IndexOfAnyExceptInRange('0', '9') < 0 && id[23] == '-'
        && id.AsSpan(24).IndexOfAnyExcept(LowerHex) < 0;

    static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    /// <summary>The agency's short code: the initials of its id's words ("northfield-primary" → "NP").</summary>
    public static string AgencyCode(string agencyId)
    {
        ArgumentNullException.ThrowIfNull(agencyId);
        string initials = string.Concat(agencyId.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0])));
        return initials.Length is > 0 and <= 6 ? initials : agencyId.ToUpperInvariant()[..Math.Min(6, agencyId.Length)];
    }

    public static string Reference(string agencyId, int year, int number) =>
        string.Create(CultureInfo.InvariantCulture, $"{AgencyCode(agencyId)}-{year:D4}-{number:D4}");
}
