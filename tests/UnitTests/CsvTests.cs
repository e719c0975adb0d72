using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Workflows.Incidents;

namespace EsafetyServerless.UnitTests;

public class CsvTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\")", "\"'=HYPERLINK(\"\"http://evil.example\"\")\"")]
    [InlineData("+1", "\"'+1\"")]
    [InlineData("-2+3", "\"'-2+3\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("plain, with comma", "\"plain, with comma\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    public void Cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(string value, string expected)
    {
        Assert.Equal(expected, Csv.Cell(value));
    }

    [Fact]
    public void Incident_ids_sort_newest_first_and_are_recognised()
    {
        string older = IncidentIds.NewId(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        string newer = IncidentIds.NewId(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.True(string.CompareOrdinal(newer, older) < 0);
        Assert.True(IncidentIds.IsWellFormed(newer));
        Assert.False(IncidentIds.IsWellFormed("inc-../../etc/passwd"));
        Assert.Equal("NP-2026-0042", IncidentIds.Reference("northfield-primary", 2026, 42));
    }
}
