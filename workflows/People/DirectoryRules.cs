using System.Net.Mail;
using System.Text.RegularExpressions;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.People;

/// <summary>
/// What a directory entry must be, shared by the forms, the API and the staff import: names within their length,
/// addresses that parse as one plain address, roles from the product's list, ids the service makes itself.
/// </summary>
public static partial class DirectoryRules
{
    public const int NameMaxLength = 120;
    public const int AddressMaxLength = 254;
    public const int IdentityMaxLength = 64;

    /// <summary>Roles someone in a member agency can hold (the board admin belongs to the board, not an agency).</summary>
    public const Roles AgencyRoles = Roles.AgencyMembers;

    /// <summary>One plain address ("name@school.sch.uk"), trimmed; null with a field error otherwise.</summary>
    public static string? Address(string? value, string field, string label, FieldErrors errors, bool required = true)
    {
        ArgumentNullException.ThrowIfNull(errors);
        string text = value?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            if (required)
            {
                errors.Add(field, "Enter " + label);
            }

            return null;
        }

        if (!IsPlainAddress(text))
        {
            errors.Add(field, "Enter " + label + " in the right format, like name@school.sch.uk");
            return null;
        }

        return text;
    }

    public static bool IsPlainAddress(string text) =>
        text.Length <= AddressMaxLength && !TextRules.HasControlCharacters(text) && !text.Contains(' ', StringComparison.Ordinal)
        && MailAddress.TryCreate(text, out MailAddress? parsed) && parsed.Address == text && string.IsNullOrEmpty(parsed.DisplayName)
        && parsed.Host.Contains('.', StringComparison.Ordinal);

    /// <summary>An Entra ID object or tenant id: a GUID, as Entra ID writes it.</summary>
    public static string? EntraId(string? value, string field, string label, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        string text = value?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            return null;
        }

        if (!Guid.TryParseExact(text, "D", out Guid id))
        {
            errors.Add(field, label + " must be a GUID like 8c1f0a4e-2b7d-4c0e-9a51-3f6d2e8b7c90, as shown in Entra ID");
            return null;
        }

        return id.ToString("D");
    }

    /// <summary>Roles from their wire names ("esafety-officer"); at least one, each allowed in the agency.</summary>
    public static Roles? RolesFrom(IReadOnlyList<string>? names, string agencyId, string field, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        Roles allowed = agencyId == Agency.BoardId ? Roles.BoardAdmin : AgencyRoles;
        Roles roles = Roles.None;
        foreach (string name in names ?? [])
        {
            if (!WireNames.TryParse(name?.Trim(), out Role role) || !allowed.Contains(role))
            {
                errors.Add(field, agencyId == Agency.BoardId
                    ? "People of the board hold the board-admin role only"
                    : "Choose roles from: " + string.Join(", ", allowed.Members().Select(r => WireNames.Of(r))));
                return null;
            }

            roles |= role.AsSet();
        }

        if (roles == Roles.None)
        {
            errors.Add(field, "Choose at least one role");
            return null;
        }

        return roles;
    }

    /// <summary>An id for a new agency from its name ("Northfield Primary School" → "northfield-primary-school").</summary>
    public static string AgencyIdFrom(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string slug = NotAlphanumeric().Replace(name.ToLowerInvariant(), "-").Trim('-');
        slug = slug.Length > 48 ? slug[..48].TrimEnd('-') : slug;
        return slug.Length == 0 || slug == Agency.BoardId ? "agency" : slug;
    }

    [GeneratedRegex("[^a-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex NotAlphanumeric();
}
