using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace EsafetyServerless.Http.Endpoints;

/// <summary>
/// The one way a page's form post is read: url-encoded only, within limits, before anything is parsed. A form that
/// cannot be read throws <see cref="BadHttpRequestException"/> (413, 415), which the pipeline answers with an error page.
/// </summary>
public static class FormBody
{
    /// <summary>Limits for the pages' forms: the longest is the report form (a description of up to 20,000 characters).</summary>
    public static FormOptions Limits { get; } = new() { ValueCountLimit = 200, ValueLengthLimit = 64 * 1024, KeyLengthLimit = 256, BufferBodyLengthLimit = 512 * 1024 };

    /// <summary>Limits for a form that carries a whole file back (a staff list's preview, confirmed).</summary>
    public static FormOptions FileLimits { get; } = new() { ValueCountLimit = 16, ValueLengthLimit = 8 * 1024 * 1024, KeyLengthLimit = 64, BufferBodyLengthLimit = 12 * 1024 * 1024 };

    public static Task<IFormCollection> ReadAsync(HttpRequest request) => ReadAsync(request, Limits);

    /// <summary>The values a field was sent with (the ticked checkboxes of a group), blanks left out.</summary>
    public static IReadOnlyList<string> Values(IFormCollection form, string name)
    {
        ArgumentNullException.ThrowIfNull(form);
        return form[name].Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToList();
    }

    public static async Task<IFormCollection> ReadAsync(HttpRequest request, FormOptions limits)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(limits);
        if (!request.HasFormContentType || request.ContentType!.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            throw new BadHttpRequestException("Send the form from this service's own page.", StatusCodes.Status415UnsupportedMediaType);
        }

        if (request.ContentLength > limits.BufferBodyLengthLimit)
        {
            throw TooLarge();
        }

        request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, limits));
        try
        {
            return await request.ReadFormAsync(request.HttpContext.RequestAborted);
        }
        catch (InvalidDataException)
        {
            throw TooLarge();
        }
    }

    static BadHttpRequestException TooLarge() =>
        new("The form is too long to send. Shorten what you typed and try again.", StatusCodes.Status413PayloadTooLarge);
}
