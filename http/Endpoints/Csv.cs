using System.Text;

namespace EsafetyServerless.Http.Endpoints;

/// <summary>CSV that a spreadsheet will not execute: cells that start like a formula are prefixed with an apostrophe.</summary>
public static class Csv
{
    public static void AppendRow(StringBuilder csv, IEnumerable<string> cells)
    {
        ArgumentNullException.ThrowIfNull(csv);
        csv.AppendJoin(',', cells.Select(Cell)).Append("\r\n");
    }

    public static string Cell(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        string safe = value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '|' or '%' ? "'" + value : value;
        return "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
