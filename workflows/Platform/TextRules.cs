using System.Globalization;

namespace EsafetyServerless.Workflows.Platform;

/// <summary>
/// The rules every free-text field meets: kept verbatim (pages encode it on output), trimmed, within its length, and
/// without control characters other than line breaks and tabs.
/// </summary>
public static class TextRules
{
    /// <summary>The trimmed text, or null with a field error when it is missing or breaks a rule.</summary>
    public static string? Required(string? value, string field, string missingMessage, int maxLength, string label, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        string text = value?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            errors.Add(field, missingMessage);
            return null;
        }

        return Check(text, field, maxLength, label, errors) ? text : null;
    }

    /// <summary>The trimmed text, null when empty, or null with a field error when it breaks a rule.</summary>
    public static string? Optional(string? value, string field, int maxLength, string label, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        string text = value?.Trim() ?? string.Empty;
        return text.Length == 0 ? null : Check(text, field, maxLength, label, errors) ? text : null;
    }

    public static bool HasControlCharacters(string value) =>
        value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'));

    static bool Check(string text, string field, int maxLength, string label, FieldErrors errors)
    {
        if (text.Length > maxLength)
        {
            errors.Add(field, string.Create(CultureInfo.InvariantCulture, $"{label} must be {maxLength} characters or fewer"));
            return false;
        }

        if (HasControlCharacters(text))
        {
            errors.Add(field, label + " contains characters that are not allowed");
            return false;
        }

        return true;
    }
}
