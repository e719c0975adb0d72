using System.Text.Json;
using EsafetyServerless.Http.Endpoints;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Reviews;

// TRANSITIONAL (redesign): no caller is left (the registers read bodies with JsonBody); kept only so the branches
// converted in parallel still build, and deleted once they are merged.

/// <summary>Reads JSON bodies into records with <see cref="ApiJson.Options"/>: unknown fields, wrong types and bad dates become field errors.</summary>
public static class JsonBodies
{
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        (ReadOnlyMemory<byte> body, IResult? problem) = await RequestBodies.ReadJsonAsync(request);
        if (problem is not null)
        {
            return (null, problem);
        }

        try
        {
            T? value = JsonSerializer.Deserialize<T>(body.Span, ApiJson.Options);
            return value is null ? (null, Problems.BadRequest("Send a JSON object.", new Dictionary<string, string[]> { ["body"] = ["Send a JSON object"] })) : (value, null);
        }
        catch (JsonException ex)
        {
            string field = ex.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body";
            return (null, Problems.BadRequest("Some fields need correcting.", new Dictionary<string, string[]> { [field] = ["This value is not valid here (check its type, format and spelling)"] }));
        }
    }
}
