using System.Text;
using Microsoft.AspNetCore.Http;

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

    /// <summary>
    /// A CSV download written as its rows arrive: nothing holds the whole file, and the client starts receiving at
    /// once. A failure half-way aborts the response, so a cut-off file never looks complete.
    /// </summary>
    public static IResult Download<T>(string fileName, IReadOnlyList<string> header, IAsyncEnumerable<T> rows, Func<T, IEnumerable<string>> cells) =>
        new CsvDownload<T>(fileName, header, rows, cells);

    sealed class CsvDownload<T>(string fileName, IReadOnlyList<string> header, IAsyncEnumerable<T> rows, Func<T, IEnumerable<string>> cells) : IResult
    {
        /// <summary>Characters gathered before each write to the response.</summary>
        const int ChunkCharacters = 32 * 1024;

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            httpContext.Response.ContentType = "text/csv; charset=utf-8";
            httpContext.Response.Headers.ContentDisposition = "attachment; filename=\"" + fileName + "\"";
            CancellationToken aborted = httpContext.RequestAborted;
            await using StreamWriter writer = new(httpContext.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
            StringBuilder chunk = new();
            AppendRow(chunk, header);
            await foreach (T row in rows.WithCancellation(aborted))
            {
                AppendRow(chunk, cells(row));
                if (chunk.Length >= ChunkCharacters)
                {
                    await writer.WriteAsync(chunk, aborted);
                    await writer.FlushAsync(aborted);
                    chunk.Clear();
                }
            }

            await writer.WriteAsync(chunk, aborted);
            await writer.FlushAsync(aborted);
        }
    }
}
