using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Workflows.Escalation;

/// <summary>A target's reference for a referral, as the officer or the target typed it: what the two acknowledgements share.</summary>
public static class ReferenceRules
{
    public const int MaxLength = 100;

    /// <summary>The reference trimmed, or null with a field error: one line of at most <see cref="MaxLength"/> characters.</summary>
    public static string? Validate(string? reference, string field, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        string value = (reference ?? string.Empty).Trim();
        if (value.Length == 0)
        {
            errors.Add(field, "Enter your reference number");
            return null;
        }

        if (value.Length > MaxLength || value.Any(char.IsControl) || value.Any(char.IsSurrogate))
        {
            errors.Add(field, "The reference must be one line of at most 100 characters");
            return null;
        }

        return value;
    }
}
