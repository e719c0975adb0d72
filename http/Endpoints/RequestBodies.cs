using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Endpoints;

/// <summary>Reads request bodies with a hard size limit and the right media type, before any parsing.</summary>
public static class RequestBodies
{
    public const int MaxJsonBytes = 256 * 1024;

    /// <summary>The JSON body, or a 415/413 problem.</summary>
    public static async Task<(ReadOnlyMemory<byte> Body, IResult? Problem)> ReadJsonAsync(HttpRequest request, int maxBytes = MaxJsonBytes)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? mediaType = request.ContentType?.Split(';')[0].Trim();
        if (!string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (default, Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Send JSON",
                "The body must be sent with Content-Type: application/json."));
        }

        if (request.ContentLength > maxBytes)
        {
            return (default, TooLarge(maxBytes));
        }

        ArrayBufferWriter<byte> buffer = new();
        Memory<byte> chunk = new byte[16 * 1024];
        while (true)
        {
            int read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted);
            if (read == 0)
            {
                break;
            }

            if (buffer.WrittenCount + read > maxBytes)
            {
                return (default, TooLarge(maxBytes));
            }

            buffer.Write(chunk.Span[..read]);
        }

        return (buffer.WrittenMemory, null);
    }

    static IResult TooLarge(int maxBytes) => Problems.Create(StatusCodes.Status413PayloadTooLarge, "The request is too large",
        $"Send at most {maxBytes / 1024} KB.");
}
