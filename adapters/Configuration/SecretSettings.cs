using Microsoft.Extensions.Configuration;

namespace EsafetyServerless.Adapters.Configuration;

/// <summary>
/// The Functions app's secrets fail closed: it does not start while the link-signing key, the inbound email secret or
/// (when SendGrid sends the mail) the SendGrid key is missing, weak, a development value, or a Key Vault reference App
/// Service could not resolve (it then passes the reference's own text through as the value). The message names the
/// setting and what is wrong with it, never the value.
/// </summary>
public static class SecretSettings
{
    /// <summary>At least this many bytes, and not a run of a few characters repeated.</summary>
    public const int MinimumBytes = 32;

    const int MinimumDistinctCharacters = 12;

    /// <summary>What is wrong with one secret's value, or null when it may be used.</summary>
    public static string? Problem(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "is not set";
        }

        string trimmed = value.Trim();
        if (trimmed.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase))
        {
            return "is a Key Vault reference App Service could not resolve (check the app's identity has Get on the secret, and the secret exists)";
        }

        if (trimmed.Contains("development", StringComparison.OrdinalIgnoreCase) || trimmed.Contains("changeme", StringComparison.OrdinalIgnoreCase))
        {
            return "is a development value; set a secret of its own from Key Vault";
        }

        if (System.Text.Encoding.UTF8.GetByteCount(trimmed) < MinimumBytes || trimmed.Distinct().Count() < MinimumDistinctCharacters)
        {
            return $"is too weak: use at least {MinimumBytes} random bytes (for example `openssl rand -base64 48`)";
        }

        return null;
    }

    /// <summary>Each secret the app needs, with what is wrong with it; empty when all may be used.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        List<string> names = [AppSettingNames.LinkSigningKey, AppSettingNames.InboundEmailSecret];
        if (string.Equals(configuration[Key(AppSettingNames.EmailProvider)], "sendgrid", StringComparison.OrdinalIgnoreCase))
        {
            names.Add(AppSettingNames.SendGridApiKey);
        }

        return [.. names.Select(name => Problem(configuration[Key(name)]) is { } problem ? name + " " + problem : null).OfType<string>()];
    }

    /// <summary>Stops the app from starting while any secret <see cref="Problems">has a problem</see>.</summary>
    public static void RequireUsable(IConfiguration configuration)
    {
        IReadOnlyList<string> problems = Problems(configuration);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The app will not start until its secrets are set: " + string.Join("; ", problems) + ".");
        }
    }

    static string Key(string settingName) => settingName.Replace("__", ":", StringComparison.Ordinal);
}
