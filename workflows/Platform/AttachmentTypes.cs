using System.Text;

namespace EsafetyServerless.Workflows.Platform;

/// <summary>
/// The file types accepted into storage (emailed attachments into quarantine, evidence files into the vault),
/// recognised by their first bytes (magic numbers), never by the name a sender chose: PDF, PNG, JPEG, GIF, Office
/// documents (ZIP-based) and plain text. Executables, scripts and anything unrecognised are refused (an email's raw
/// message still holds them, unopened).
/// </summary>
public static class AttachmentTypes
{
    static ReadOnlySpan<byte> Png => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    static ReadOnlySpan<byte> Jpeg => [0xFF, 0xD8, 0xFF];

    static ReadOnlySpan<byte> Zip => [0x50, 0x4B, 0x03, 0x04];

    static ReadOnlySpan<byte> Elf => [0x7F, 0x45, 0x4C, 0x46];

    public static bool IsAllowed(ReadOnlySpan<byte> content) =>
        content.StartsWith("%PDF-"u8)
        || content.StartsWith(Png)
        || content.StartsWith(Jpeg)
        || content.StartsWith("GIF87a"u8) || content.StartsWith("GIF89a"u8)
        || content.StartsWith(Zip)
        || IsPlainText(content);

    static bool IsPlainText(ReadOnlySpan<byte> content)
    {
        if (content.Length == 0 || content.StartsWith("#!"u8) || content.StartsWith("MZ"u8) || content.StartsWith(Elf))
        {
            return false;
        }

        ReadOnlySpan<byte> head = content[..Math.Min(content.Length, 4096)];
        foreach (byte b in head)
        {
            if (b == 0 || (b < 0x20 && b is not ((byte)'\n' or (byte)'\r' or (byte)'\t')))
            {
                return false;
            }
        }

        return Encoding.UTF8.GetCharCount(head) > 0 && !head.StartsWith("<"u8);
    }
}
