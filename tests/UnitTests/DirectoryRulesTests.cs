using System.Text;
using EsafetyServerless.Http.Pages;
using EsafetyServerless.Http.Platform;
using EsafetyServerless.Workflows.People;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.UnitTests;

/// <summary>How the directory reads what people type and export: roles in words, staff lists from spreadsheets.</summary>
public sealed class DirectoryRulesTests
{
    [Fact]
    public void Several_roles_read_as_one_phrase_on_pages()
    {
        Assert.Equal("E-safety officer and senior manager", Navigation.Describe(Roles.EsafetyOfficer | Roles.SeniorManager));
        Assert.Equal("Staff member, senior manager and IT technician", Navigation.Describe(Roles.Staff | Roles.SeniorManager | Roles.Technician));
        Assert.Equal("EsafetyOfficer+SeniorManager", (Roles.EsafetyOfficer | Roles.SeniorManager).ToAuditName());
    }

    [Theory]
    [InlineData("", Roles.None)]
    [InlineData("Staff; IT technician", Roles.Staff | Roles.Technician)]
    [InlineData("esafety-officer,senior-manager", Roles.EsafetyOfficer | Roles.SeniorManager)]
    [InlineData("Head teacher", Roles.SeniorManager)]
    public void The_roles_cell_of_a_staff_list_takes_words_or_wire_names(string cell, Roles expected)
    {
        Assert.True(StaffImportRoles.TryParse(cell, out Roles roles, out _));
        Assert.Equal(expected, roles);
    }

    [Fact]
    public void An_unknown_role_is_named_back()
    {
        Assert.False(StaffImportRoles.TryParse("Staff; Caretaker", out _, out string? unknown));
        Assert.Equal("Caretaker", unknown);
    }

    [Fact]
    public void A_spreadsheet_export_with_a_byte_order_mark_semicolons_and_quoted_names_reads_row_by_row()
    {
        byte[] file = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("Surname;Forename;Work email;Phone\r\n\"O'Brien; Jr\";Sean;s.obrien@school.example;0123\r\n\r\nPatel;Asha;a.patel@school.example;\r\n")];
        FieldErrors errors = new();

        IReadOnlyList<StaffImportRow>? rows = StaffCsv.Parse(file, errors);

        Assert.False(errors.Any);
        Assert.NotNull(rows);
        Assert.Equal(["Sean O'Brien; Jr", "Asha Patel"], rows.Select(r => r.DisplayName!).ToArray());
        Assert.Equal(["s.obrien@school.example", "a.patel@school.example"], rows.Select(r => r.Email!).ToArray());
        Assert.All(rows, r => Assert.Null(r.Roles));
    }

    [Theory]
    [InlineData("Name,Phone\nAnn,1", "column of email addresses")]
    [InlineData("", "empty")]
    public void A_file_that_is_not_a_staff_list_is_refused_with_what_to_do(string text, string expected)
    {
        FieldErrors errors = new();

        Assert.Null(StaffCsv.Parse(Encoding.UTF8.GetBytes(text), errors));
        Assert.Contains(expected, errors.All.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_utf8_is_refused()
    {
        FieldErrors errors = new();

        Assert.Null(StaffCsv.Parse(new byte[] { 0x4E, 0x61, 0x6D, 0x65, 0xFF, 0xFE }, errors));
        Assert.Contains("UTF-8", errors.All.Single().Message, StringComparison.Ordinal);
    }
}
