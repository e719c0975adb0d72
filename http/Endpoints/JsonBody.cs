using System.Buffers;
using System.Globalization;
using System.Text.Json;
using EsafetyServerless.Workflows.Platform;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Endpoints;

/// <summary>
/// The one way a JSON request body is read: media type and size checked before anything is parsed (the actual
/// bytes read count, not only Content-Length), then either field by field (<see cref="JsonFields"/>: a wrong type or
/// an unknown field becomes a field error the client can act on) or into a record (<see cref="ReadAsync{T}"/>).
/// A body that cannot be read at all throws <see cref="BadHttpRequestException"/> with 400, 413 or 415, which the
/// pipeline answers as problem details.
/// </summary>
public static class JsonBody
{
    public const int MaxBytes = 256 * 1024;

    static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16, CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false };

    /// <summary>The body as a JSON object, read field by field; field errors collect in <see cref="JsonFields.Errors"/>.</summary>
    public static async Task<JsonFields> ReadObjectAsync(HttpRequest request, int maxBytes = MaxBytes)
    {
        ReadOnlyMemory<byte> bytes = await ReadBytesAsync(request, maxBytes);
        JsonElement root;
        try
        {
            using JsonDocument document = JsonDocument.Parse(bytes, DocumentOptions);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new BadHttpRequestException("The body is not valid JSON.", StatusCodes.Status400BadRequest);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new BadHttpRequestException("The body must be a JSON object.", StatusCodes.Status400BadRequest);
        }

        return new JsonFields(root, string.Empty, new FieldErrors());
    }

    /// <summary>The body as a record, with the API's JSON rules (<see cref="ApiJson.Options"/>: unknown fields refused, enums as kebab-case).</summary>
    /// <returns>The record, or null with the field error in <paramref name="errors"/>.</returns>
    public static async Task<T?> ReadAsync<T>(HttpRequest request, FieldErrors errors, int maxBytes = MaxBytes)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(errors);
        ReadOnlyMemory<byte> bytes = await ReadBytesAsync(request, maxBytes);
        try
        {
            T? value = JsonSerializer.Deserialize<T>(bytes.Span, ApiJson.Options);
            if (value is null)
            {
                errors.Add("body", "Send a JSON object");
            }

            return value;
        }
        catch (JsonException ex)
        {
            errors.Add(ex.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body", "This value is not valid here (check its type, format and spelling)");
            return null;
        }
    }

    /// <summary>The raw body, refused with 415 unless it is JSON and with 413 past <paramref name="maxBytes"/>.</summary>
    public static Task<ReadOnlyMemory<byte>> ReadBytesAsync(HttpRequest request, int maxBytes = MaxBytes) =>
        ReadBytesAsync(request, "application/json", maxBytes);

    /// <summary>The raw body, refused with 415 unless it has <paramref name="requiredMediaType"/> and with 413 past <paramref name="maxBytes"/>.</summary>
    public static async Task<ReadOnlyMemory<byte>> ReadBytesAsync(HttpRequest request, string requiredMediaType, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? mediaType = request.ContentType?.Split(';')[0].Trim();
        if (!string.Equals(mediaType, requiredMediaType, StringComparison.OrdinalIgnoreCase))
        {
            throw new BadHttpRequestException("The body must be sent with Content-Type: " + requiredMediaType + ".", StatusCodes.Status415UnsupportedMediaType);
        }

        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
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
                throw TooLarge(maxBytes);
            }

            buffer.Write(chunk.Span[..read]);
        }

        return buffer.WrittenMemory;
    }

    static BadHttpRequestException TooLarge(int maxBytes) =>
        new(string.Create(CultureInfo.InvariantCulture, $"The request is too large: send at most {maxBytes / 1024} KB."), StatusCodes.Status413PayloadTooLarge);
}

/// <summary>
/// A JSON object read field by field. Values come out as the draft types the use cases validate (text, true/false,
/// lists of text); a value of the wrong JSON type is a field error named by its path ("concerns.urgent",
/// "peopleInvolved[0].name"), never an exception.
/// </summary>
public sealed class JsonFields
{
    const int MaxListLength = 50;
    readonly JsonElement element;
    readonly string prefix;

    internal JsonFields(JsonElement element, string prefix, FieldErrors errors)
    {
        this.element = element;
        this.prefix = prefix;
        this.Errors = errors;
    }

    /// <summary>Every field error of this object and the objects inside it.</summary>
    public FieldErrors Errors { get; }

    /// <summary>Whether the field is present at all (a PATCH or a correction changes only what is sent; null is "present").</summary>
    public bool Has(string name) => this.element.TryGetProperty(name, out _);

    /// <summary>Refuses fields the endpoint does not know, so a misspelt field is not silently ignored.</summary>
    public JsonFields RejectUnknown(params string[] known)
    {
        ArgumentNullException.ThrowIfNull(known);
        foreach (JsonProperty property in this.element.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                this.Errors.Add(this.prefix + (property.Name.Length <= 64 ? property.Name : property.Name[..64]), "This field is not part of the API");
            }
        }

        return this;
    }

    /// <summary>Text, or null when absent or null.</summary>
    public string? Text(string name)
    {
        if (!this.TryGet(name, out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            this.Errors.Add(this.prefix + name, name + " must be text");
            return null;
        }

        return this.String(value, this.prefix + name);
    }

    /// <summary>True or false; false when absent or null.</summary>
    public bool Bool(string name) => this.NullableBool(name) ?? false;

    /// <summary>True, false, or null when absent or null ("not sure").</summary>
    public bool? NullableBool(string name)
    {
        if (!this.TryGet(name, out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            this.Errors.Add(this.prefix + name, name + " must be true or false");
            return null;
        }

        return value.GetBoolean();
    }

    /// <summary>A whole number, or null when absent or null.</summary>
    public int? WholeNumber(string name)
    {
        if (!this.TryGet(name, out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int number))
        {
            this.Errors.Add(this.prefix + name, name + " must be a whole number");
            return null;
        }

        return number;
    }

    /// <summary>A list of text values; empty when absent or null.</summary>
    public IReadOnlyList<string> Texts(string name)
    {
        if (!this.TryGet(name, out JsonElement value))
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            this.Errors.Add(this.prefix + name, name + " must be a list of text values");
            return [];
        }

        return value.EnumerateArray().Take(MaxListLength).Select(v => this.String(v, this.prefix + name) ?? string.Empty).ToList();
    }

    /// <summary>A nested object, or null when absent or null.</summary>
    public JsonFields? Nested(string name)
    {
        if (!this.TryGet(name, out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            this.Errors.Add(this.prefix + name, name + " must be an object");
            return null;
        }

        return new JsonFields(value, this.prefix + name + ".", this.Errors);
    }

    /// <summary>A list of objects; each is named by its index in errors ("peopleInvolved[0].name").</summary>
    public IReadOnlyList<JsonFields> NestedList(string name)
    {
        if (!this.TryGet(name, out JsonElement value))
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            this.Errors.Add(this.prefix + name, name + " must be a list");
            return [];
        }

        List<JsonFields> items = [];
        int index = 0;
        foreach (JsonElement item in value.EnumerateArray().Take(MaxListLength + 1))
        {
            string at = string.Create(CultureInfo.InvariantCulture, $"{this.prefix}{name}[{index++}]");
            if (item.ValueKind != JsonValueKind.Object)
            {
                this.Errors.Add(at, "Each item must be an object");
                continue;
            }

            items.Add(new JsonFields(item, at + ".", this.Errors));
        }

        return items;
    }

    bool TryGet(string name, out JsonElement value) =>
        this.element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>JSON can escape text that is not valid Unicode (a lone surrogate); that is a field error.</summary>
    string? String(JsonElement value, string field)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            this.Errors.Add(field, "This contains characters that are not allowed");
            return null;
        }
    }
}
