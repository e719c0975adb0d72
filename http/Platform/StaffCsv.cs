using System.Globalization;
using System.Text.Unicode;
using CsvHelper;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.People;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Http.Platform;

/// <summary>
/// A staff list as a school's MIS or HR system exports it, read with CsvHelper: a header row naming the columns
/// (in any order, any case), then one row per person. The columns it looks for are <c>Email</c> (the person's
/// sign-in name), <c>Name</c> or <c>First name</c> and <c>Last name</c>, and an optional <c>Roles</c>; others are
/// ignored. The delimiter (comma, semicolon or tab) is detected.
/// </summary>
public static class StaffCsv
{
    public const int MaxBytes = 5 * 1024 * 1024;

    static readonly string[] EmailColumns = ["email", "emailaddress", "workemail", "signinname", "username", "upn", "userprincipalname"];
    static readonly string[] NameColumns = ["name", "displayname", "fullname"];
    static readonly string[] FirstNameColumns = ["firstname", "forename", "givenname", "legalforename", "preferredforename"];
    static readonly string[] LastNameColumns = ["lastname", "surname", "familyname", "legalsurname", "preferredsurname"];
    static readonly string[] RoleColumns = ["roles", "role", "esafetyroles"];

    /// <summary>The rows, or null with an error on <c>file</c> when the file cannot be read as a staff list.</summary>
    public static IReadOnlyList<StaffImportRow>? Parse(ReadOnlyMemory<byte> bytes, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!Utf8.IsValid(bytes.Span))
        {
            errors.Add("file", "The file is not UTF-8 text: save it from the spreadsheet as \"CSV UTF-8\"");
            return null;
        }

        if (bytes.Span.Trim("\uFEFF\r\n \t"u8).IsEmpty)
        {
            errors.Add("file", "The file is empty");
            return null;
        }

        CsvReaderOptions options = new()
        {
            TrimWhitespace = true,
            TrackLineNumbers = true,
            DetectSeparatorHint = true,
            MaxRecordSize = 64 * 1024,
            IncludeValuesInExceptions = false,
        };
        try
        {
            using CsvReader csv = CsvReader.Create(bytes, options);
            csv.ReadHeader();
            if (csv.Headers is not { Count: > 0 } header)
            {
                errors.Add("file", "The file has no header row");
                return null;
            }

            string[] keys = header.Select(Key).ToArray();
            int email = Find(keys, EmailColumns);
            int name = Find(keys, NameColumns);
            int first = Find(keys, FirstNameColumns);
            int last = Find(keys, LastNameColumns);
            int roles = Find(keys, RoleColumns);
            if (email < 0 || (name < 0 && (first < 0 || last < 0)))
            {
                errors.Add("file", "The file needs a column of email addresses (Email) and of names (Name, or First name and Last name) in its first row");
                return null;
            }

            List<StaffImportRow> rows = [];
            while (rows.Count <= ImportStaff.MaxRows && csv.Read())
            {
                string displayName = name >= 0 ? Cell(csv, name) : string.Join(' ', new[] { Cell(csv, first), Cell(csv, last) }.Where(p => p.Length > 0));
                rows.Add(new StaffImportRow((int)csv.LineNumber, displayName, Cell(csv, email), roles >= 0 ? Cell(csv, roles) : null));
            }

            return rows;
        }
        catch (CsvFormatException)
        {
            errors.Add("file", "The file could not be read as CSV: save it from the spreadsheet as \"CSV UTF-8\"");
            return null;
        }
    }

    static string Key(string header) => new((header ?? string.Empty).ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());

    static int Find(string[] keys, string[] names) => Array.FindIndex(keys, k => names.Contains(k, StringComparer.Ordinal));

    static string Cell(CsvReader csv, int index) => index < csv.FieldCount ? csv.GetString(index).Trim() : string.Empty;
}
