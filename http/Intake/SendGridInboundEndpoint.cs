using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Workflows.Intake;
using EsafetyServerless.Workflows.Platform;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace EsafetyServerless.Http.Intake;

/// <summary>
/// How SendGrid Inbound Parse posts are authenticated (section <c>InboundEmail</c>): SendGrid's signed-webhook
/// verification with its public key (<c>InboundEmail__VerificationKey</c>, base64 DER), and/or a shared secret in the
/// Parse URL's <c>key</c> query parameter (<c>InboundEmail__Secret</c>). With neither configured every post is refused.
/// </summary>
public sealed class InboundEmailOptions
{
    public const string SectionName = "InboundEmail";
    public const string SignatureHeader = "X-Twilio-Email-Event-Webhook-Signature";
    public const string TimestampHeader = "X-Twilio-Email-Event-Webhook-Timestamp";

    public string? Secret { get; set; }

    public string? VerificationKey { get; set; }
}

/// <summary>
/// <c>POST /api/inbound/email</c>: SendGrid Inbound Parse (multipart/form-data, parsed or "send raw" mode). Every
/// post is authenticated first; an unauthenticated one gets 401 and nothing is stored. The message is read by
/// <see cref="IMailReader"/> and taken in by <see cref="AcceptInboundEmail"/>, as the local SMTP listener's are.
/// </summary>
[Endpoint("POST", "api/inbound/email", Anonymous = true)]
public sealed class ReceiveInboundEmailEndpoint(AcceptInboundEmail acceptEmail, IMailReader mail, InboundEmailOptions options) : IEndpointHandler
{
    /// <summary>SendGrid's own limit for a whole message.</summary>
    const int MaxBytes = 30 * 1024 * 1024;

    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        HttpRequest http = request.Request;
        if (http.ContentLength > MaxBytes)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "The message is too large", "Inbound messages are limited to 30 MB.");
        }

        byte[] body;
        using (MemoryStream buffer = new())
        {
            byte[] chunk = new byte[81920];
            int read;
            while ((read = await http.Body.ReadAsync(chunk, request.Aborted)) > 0)
            {
                if (buffer.Length + read > MaxBytes)
                {
                    return Problems.Create(StatusCodes.Status413PayloadTooLarge, "The message is too large", "Inbound messages are limited to 30 MB.");
                }

                buffer.Write(chunk, 0, read);
            }

            body = buffer.ToArray();
        }

        if (!this.IsAuthentic(http, body))
        {
            return Problems.Unauthorized();
        }

        if (!MediaTypeHeaderValue.TryParse(http.ContentType, out MediaTypeHeaderValue? mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Send multipart/form-data", "SendGrid Inbound Parse posts multipart/form-data.");
        }

        (Dictionary<string, string> fields, List<InboundAttachment> files)? form = await ReadMultipartAsync(body, boundary, request.Aborted);
        if (form is null)
        {
            return Problems.BadRequest("The multipart body could not be read.");
        }

        Dictionary<string, string> fields = form.Value.fields;
        MailDelivery delivery = new(InboundChannels.SendGrid, Recipients(fields), from => SenderVerified(fields, from));
        InboundEmail? message = fields.TryGetValue("email", out string? rawMime)
            ? mail.ReadMime(Encoding.UTF8.GetBytes(rawMime), delivery)
            : mail.ReadParts(Parts(fields, form.Value.files, body), delivery);
        if (message is null)
        {
            return Problems.BadRequest("The message has no sender or no recipient.",
                new Dictionary<string, string[]> { ["from"] = ["A sender address is required."], ["to"] = ["A recipient address is required."] });
        }

        Outcome<EmailReceipt> accepted = await acceptEmail.ExecuteAsync(message, request.Aborted);
        return ApiResults.From(accepted, receipt => ApiResults.Json(new { received = true, receipt.IncidentId, receipt.UnverifiedReportId }));
    }

    bool IsAuthentic(HttpRequest http, byte[] body)
    {
        if (!string.IsNullOrEmpty(options.VerificationKey))
        {
            string signature = http.Headers[InboundEmailOptions.SignatureHeader].ToString();
            string timestamp = http.Headers[InboundEmailOptions.TimestampHeader].ToString();
            if (signature.Length > 0 && timestamp.Length is > 0 and < 64 && VerifySignature(options.VerificationKey, timestamp, body, signature))
            {
                return true;
            }
        }

        if (!string.IsNullOrEmpty(options.Secret))
        {
            byte[] given = Encoding.UTF8.GetBytes(http.Query["key"].ToString());
            byte[] expected = Encoding.UTF8.GetBytes(options.Secret);
            if (given.Length == expected.Length && CryptographicOperations.FixedTimeEquals(given, expected))
            {
                return true;
            }
        }

        // Fail closed: nothing configured, or nothing matched.
        return false;
    }

    /// <summary>SendGrid signs timestamp + body with ECDSA P-256 / SHA-256; the signature is base64 DER.</summary>
    public static bool VerifySignature(string publicKeyBase64, string timestamp, byte[] body, string signatureBase64)
    {
        ArgumentNullException.ThrowIfNull(timestamp);
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            using ECDsa key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(publicKeyBase64), out _);
            byte[] payload = [.. Encoding.UTF8.GetBytes(timestamp), .. body];
            return key.VerifyData(payload, Convert.FromBase64String(signatureBase64), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            return false;
        }
    }

    static async Task<(Dictionary<string, string>, List<InboundAttachment>)?> ReadMultipartAsync(byte[] body, string boundary, CancellationToken cancellationToken)
    {
        Dictionary<string, string> fields = new(StringComparer.OrdinalIgnoreCase);
        List<InboundAttachment> files = [];
        MultipartReader reader = new(boundary, new MemoryStream(body)) { HeadersCountLimit = 32, BodyLengthLimit = MaxBytes };
        try
        {
            for (MultipartSection? section = await reader.ReadNextSectionAsync(cancellationToken); section is not null; section = await reader.ReadNextSectionAsync(cancellationToken))
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out ContentDispositionHeaderValue? disposition) || disposition.Name.Value is not { } name)
                {
                    continue;
                }

                using MemoryStream content = new();
                await section.Body.CopyToAsync(content, cancellationToken);
                string? fileName = HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value;
                string field = HeaderUtilities.RemoveQuotes(name).Value ?? name;
                if (fileName is not null)
                {
                    files.Add(new InboundAttachment(fileName, section.ContentType ?? "application/octet-stream", content.ToArray()));
                }
                else if (fields.Count < 64)
                {
                    fields[field] = Encoding.UTF8.GetString(content.ToArray());
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            return null;
        }

        return (fields, files);
    }

    /// <summary>Parsed mode: SendGrid's fields for the headers and bodies; the whole post is kept as the raw message.</summary>
    static MailParts Parts(Dictionary<string, string> fields, List<InboundAttachment> files, byte[] body) => new(
        fields.GetValueOrDefault("from") ?? string.Empty,
        fields.GetValueOrDefault("to") ?? string.Empty,
        fields.GetValueOrDefault("subject") ?? string.Empty,
        fields.GetValueOrDefault("text") ?? string.Empty,
        fields.GetValueOrDefault("html") ?? string.Empty,
        body,
        files);

    /// <summary>
    /// SendGrid reports the receiving server's checks: <c>SPF</c> ("pass") for the envelope sender, which the
    /// <c>envelope</c> field names (<c>{"from": …}</c>), and <c>dkim</c> ("{@domain : pass}"). The From address is
    /// believed only when a check passed for a domain aligned with it (<see cref="SenderAlignment"/>).
    /// </summary>
    public static bool SenderVerified(IReadOnlyDictionary<string, string> fields, string from)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(from);
        return SenderAlignment.Verified(from, fields.GetValueOrDefault("SPF"), EnvelopeSender(fields), fields.GetValueOrDefault("dkim"));
    }

    /// <summary>The SMTP envelope's sender (MAIL FROM), from the <c>envelope</c> field's JSON; null when not given.</summary>
    static string? EnvelopeSender(IReadOnlyDictionary<string, string> fields)
    {
        if (!fields.TryGetValue("envelope", out string? envelope))
        {
            return null;
        }

        try
        {
            using JsonDocument json = JsonDocument.Parse(envelope);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("from", out JsonElement sender) && sender.ValueKind == JsonValueKind.String
                ? sender.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The SMTP envelope's recipients, which SendGrid passes as JSON in the <c>envelope</c> field.</summary>
    static List<string> Recipients(Dictionary<string, string> fields)
    {
        if (!fields.TryGetValue("envelope", out string? envelope))
        {
            return [];
        }

        try
        {
            using JsonDocument json = JsonDocument.Parse(envelope);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("to", out JsonElement to) && to.ValueKind == JsonValueKind.Array
                ? to.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!).Take(50).ToList()
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
