using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using EsafetyServerless.Workflows.Intake;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Adapters.Storage;

/// <summary>
/// Raw messages (<c>raw-mail</c>) and quarantined attachments (<c>attachments-quarantine</c>) in Blob storage. Each
/// blob is written once (create-only: an existing blob is never overwritten) and its SHA-256 recorded.
/// </summary>
public sealed class BlobMailArchive(BlobServiceClient blobs) : IMailArchive
{
    public const string RawMailContainer = "raw-mail";
    public const string QuarantineContainer = "attachments-quarantine";

    public Task<StoredBlob> SaveRawAsync(string agencyId, string messageId, ReadOnlyMemory<byte> raw, CancellationToken cancellationToken) =>
        WriteOnceAsync(RawMailContainer, $"{Safe(agencyId)}/{Safe(messageId)}.eml", raw, "message/rfc822", cancellationToken);

    public Task<StoredBlob> QuarantineAttachmentAsync(string agencyId, string messageId, int index, InboundAttachment attachment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        return WriteOnceAsync(QuarantineContainer, $"{Safe(agencyId)}/{Safe(messageId)}/{index:D2}-{Safe(attachment.FileName)}", attachment.Content, "application/octet-stream", cancellationToken);
    }

    async Task<StoredBlob> WriteOnceAsync(string container, string name, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        BlobContainerClient client = blobs.GetBlobContainerClient(container);
        await client.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
        string sha256 = Convert.ToHexStringLower(SHA256.HashData(content.Span));
        try
        {
            await client.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(content), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                Metadata = new Dictionary<string, string> { ["sha256"] = sha256 },
            }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Already written (a retried delivery): keep the first copy untouched.
        }

        return new StoredBlob(container, name, sha256, content.Length);
    }

    /// <summary>Blob names keep letters, digits, dot, dash and underscore; anything else becomes '_'.</summary>
    static string Safe(string value)
    {
        string cleaned = new(value.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());
        cleaned = cleaned.Trim('.');
        return cleaned.Length == 0 ? "_" : cleaned[..Math.Min(cleaned.Length, 100)];
    }
}
