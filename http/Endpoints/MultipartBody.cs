using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace EsafetyServerless.Http.Endpoints;

/// <summary>A multipart form's short text fields, and what was done with its file part (null when no file was chosen).</summary>
public sealed record MultipartForm<T>(IReadOnlyDictionary<string, string> Fields, T? File)
    where T : class;

/// <summary>
/// The one way a page's upload form (<c>multipart/form-data</c>) is read: its text fields (a few, short) as they come,
/// then its file part handed to the caller as a stream, straight from the request — never buffered here. Fields after
/// the file are not read, so a form puts its text inputs before its file input. A body that is not such a form throws
/// <see cref="BadHttpRequestException"/>, which the pipeline answers with an error page.
/// </summary>
public static class MultipartBody
{
    const int FieldBytes = 4 * 1024;

    /// <param name="onFile">Given the file's name (without any folder), its declared type and its content, and the fields read so far.</param>
    public static async Task<MultipartForm<T>> ReadAsync<T>(
        HttpRequest request, string fileField, Func<string, string?, Stream, IReadOnlyDictionary<string, string>, Task<T>> onFile)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(onFile);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out MediaTypeHeaderValue? mediaType)
            || !string.Equals(mediaType.MediaType.Value, "multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            throw new BadHttpRequestException("Send the file with the upload form on this service's page.", StatusCodes.Status415UnsupportedMediaType);
        }

        MultipartReader reader = new(boundary, request.Body) { HeadersCountLimit = 8, HeadersLengthLimit = 4 * 1024 };
        Dictionary<string, string> fields = new(StringComparer.Ordinal);
        CancellationToken aborted = request.HttpContext.RequestAborted;
        try
        {
            while (await reader.ReadNextSectionAsync(aborted) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out ContentDispositionHeaderValue? part))
                {
                    continue;
                }

                string name = HeaderUtilities.RemoveQuotes(part.Name).Value ?? string.Empty;
                if (name == fileField && part.IsFileDisposition())
                {
                    string fileName = Path.GetFileName(HeaderUtilities.RemoveQuotes(part.FileNameStar.HasValue ? part.FileNameStar : part.FileName).Value ?? string.Empty);

                    // No file chosen: the browser sends an empty part with no name.
                    return new(fields, fileName.Length == 0 ? null : await onFile(fileName, section.ContentType, section.Body, fields));
                }

                if (part.IsFormDisposition() && fields.Count < 16 && name.Length is > 0 and <= 64)
                {
                    fields[name] = await ReadFieldAsync(section.Body, aborted);
                }
            }
        }
        catch (InvalidDataException)
        {
            throw new BadHttpRequestException("The upload could not be read. Choose the file again and send the form.", StatusCodes.Status400BadRequest);
        }

        return new(fields, null);
    }

    /// <summary>An uploaded file's content in memory, or null as soon as it passes <paramref name="maxBytes"/> (the rest is not read).</summary>
    public static async Task<MemoryStream?> ReadFileAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        MemoryStream copy = new();
        byte[] buffer = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (copy.Length + read > maxBytes)
            {
                await copy.DisposeAsync();
                return null;
            }

            copy.Write(buffer, 0, read);
        }

        copy.Position = 0;
        return copy;
    }

    /// <summary>A short text part, refused when longer than a form's text field could be.</summary>
    static async Task<string> ReadFieldAsync(Stream body, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[FieldBytes + 1];
        int read = 0, last;
        while (read < buffer.Length && (last = await body.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += last;
        }

        if (read > FieldBytes)
        {
            throw new BadHttpRequestException("A field of the form is too long.", StatusCodes.Status413PayloadTooLarge);
        }

        return System.Text.Encoding.UTF8.GetString(buffer, 0, read);
    }
}
