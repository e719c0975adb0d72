using System.Text.RegularExpressions;

namespace EsafetyServerless.Workflows.Intake;

/// <summary>
/// Whether an email's From address can be believed, by DMARC's rule: a check only counts when it passed for a domain
/// aligned with the From address's domain. SPF vouches for the envelope sender (MAIL FROM), which an attacker chooses,
/// so an SPF pass counts only when that domain is the From domain or one of its subdomains; DKIM counts when a
/// signature passed for the From domain or a subdomain. Alignment is "relaxed" without a public-suffix list: a
/// sibling subdomain (mail.school.example for news.school.example) is not trusted — the safe side, since an
/// unverified report still reaches the officer, only not in the sender's name.
/// </summary>
public static partial class SenderAlignment
{
    /// <param name="from">The From address.</param>
    /// <param name="spf">The receiving server's SPF result ("pass", "softfail"…), or null.</param>
    /// <param name="envelopeFrom">The envelope sender (MAIL FROM), or null when not known.</param>
    /// <param name="dkim">The DKIM results as SendGrid gives them ("{@school.example : pass}", several comma-separated), or null.</param>
    public static bool Verified(string from, string? spf, string? envelopeFrom, string? dkim)
    {
        ArgumentNullException.ThrowIfNull(from);
        string fromDomain = DomainOf(from);
        if (fromDomain.Length == 0)
        {
            return false;
        }

        bool spfAligned = string.Equals(spf?.Trim(), "pass", StringComparison.OrdinalIgnoreCase)
            && envelopeFrom is not null && Aligned(DomainOf(envelopeFrom), fromDomain);
        bool dkimAligned = dkim is not null && DkimResult().Matches(dkim)
            .Any(m => string.Equals(m.Groups["result"].Value, "pass", StringComparison.OrdinalIgnoreCase) && Aligned(m.Groups["domain"].Value, fromDomain));
        return spfAligned || dkimAligned;
    }

    /// <summary>The domain is the From domain, or a subdomain of it (bounces.school.example for school.example).</summary>
    static bool Aligned(string domain, string fromDomain)
    {
        string d = domain.Trim().TrimEnd('.').ToLowerInvariant();
        return d.Length > 0 && (d == fromDomain || d.EndsWith("." + fromDomain, StringComparison.Ordinal));
    }

    static string DomainOf(string address)
    {
        string trimmed = address.Trim().Trim('<', '>');
        int at = trimmed.LastIndexOf('@');
        string domain = (at < 0 ? trimmed : trimmed[(at + 1)..]).TrimEnd('.').ToLowerInvariant();

        // A bare top-level name ("example") is no one's domain.
        return domain.Contains('.', StringComparison.Ordinal) ? domain : string.Empty;
    }

    [GeneratedRegex(@"@(?<domain>[A-Za-z0-9.-]{1,253})\s*:\s*(?<result>[A-Za-z]+)", RegexOptions.CultureInvariant)]
    private static partial Regex DkimResult();
}
