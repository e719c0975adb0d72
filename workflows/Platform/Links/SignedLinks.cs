using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EsafetyServerless.Workflows.Platform.Links;

/// <summary>
/// Links that carry their own authority: a purpose, a subject id and an expiry, signed with HMAC-SHA256 under a key
/// from configuration (Key Vault in Azure). Used where the holder is outside the agency and has no account — the
/// recipient of an escalation notice, a disclosure package download. The token says nothing about children: it holds
/// ids only. A changed byte fails the signature check (403); a valid but old link is expired (410).
/// </summary>
public sealed class SignedLinks
{
    readonly byte[] key;

    public SignedLinks(LinkSigningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.SigningKey) || options.SigningKey.Length < 32)
        {
            throw new InvalidOperationException(
                $"{LinkSigningOptions.SettingName} must be set to a random secret of at least 32 characters (a Key Vault reference in Azure).");
        }

        this.key = Encoding.UTF8.GetBytes(options.SigningKey);
    }

    /// <summary>Signs "purpose.subject.expiry" and returns a URL-safe token.</summary>
    public string Sign(string purpose, string subjectId, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        ArgumentException.ThrowIfNullOrEmpty(subjectId);
        if (purpose.Contains('.', StringComparison.Ordinal) || subjectId.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException("Purposes and subject ids must not contain '.'.");
        }

        string payload = string.Join('.', purpose, subjectId, expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        return payload + "." + Base64Url.EncodeToString(this.Mac(payload));
    }

    /// <summary>Checks a token for the given purpose. Never throws on hostile input.</summary>
    public LinkCheck Verify(string purpose, string? token, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 512)
        {
            return LinkCheck.Tampered;
        }

        int lastDot = token.LastIndexOf('.');
        if (lastDot <= 0)
        {
            return LinkCheck.Tampered;
        }

        string payload = token[..lastDot];
        byte[] given;
        try
        {
            given = Base64Url.DecodeFromChars(token.AsSpan(lastDot + 1));
        }
        catch (FormatException)
        {
            return LinkCheck.Tampered;
        }

        if (!CryptographicOperations.FixedTimeEquals(given, this.Mac(payload)))
        {
            return LinkCheck.Tampered;
        }

        string[] parts = payload.Split('.');
        if (parts.Length != 3 || parts[0] != purpose
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out long expirySeconds))
        {
            return LinkCheck.Tampered;
        }

        DateTimeOffset expiresAt = DateTimeOffset.FromUnixTimeSeconds(expirySeconds);
        return now >= expiresAt
            ? new LinkCheck(LinkCheckResult.Expired, parts[1], expiresAt)
            : new LinkCheck(LinkCheckResult.Valid, parts[1], expiresAt);
    }

    byte[] Mac(string payload) => HMACSHA256.HashData(this.key, Encoding.UTF8.GetBytes(payload));
}

/// <summary>Bound from the <c>Links</c> section: <c>Links__SigningKey</c>.</summary>
public sealed class LinkSigningOptions
{
    public const string SectionName = "Links";
    public const string SettingName = "Links__SigningKey";

    public string? SigningKey { get; set; }
}

public enum LinkCheckResult
{
    Valid,
    Tampered,
    Expired,
}

/// <param name="SubjectId">The id the link was signed for (only meaningful when not tampered).</param>
public sealed record LinkCheck(LinkCheckResult Result, string? SubjectId, DateTimeOffset? ExpiresAt)
{
    public static LinkCheck Tampered { get; } = new(LinkCheckResult.Tampered, null, null);
}
