using System.Text;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.UnitTests;

/// <summary>Emailed attachments are let into quarantine by what their bytes are, never by the name the sender chose.</summary>
public class AttachmentTypesTests
{
    [Theory]
    [InlineData("%PDF-1.7 rest of document")]
    [InlineData("GIF89a....")]
    [InlineData("Plain notes about what happened.\nSecond line.")]
    public void Recognised_documents_and_text_are_allowed(string content)
    {
        Assert.True(AttachmentTypes.IsAllowed(Encoding.ASCII.GetBytes(content)));
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00 })] // PNG
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00 })] // JPEG
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14 })] // Office document (ZIP)
    public void Images_and_office_documents_are_allowed_by_their_magic_numbers(byte[] content)
    {
        Assert.True(AttachmentTypes.IsAllowed(content));
    }

    [Theory]
    [InlineData(new byte[] { 0x4D, 0x5A, 0x90, 0x00 })] // Windows executable ("MZ"), whatever it is called
    [InlineData(new byte[] { 0x7F, 0x45, 0x4C, 0x46, 0x02 })] // ELF executable
    [InlineData(new byte[] { 0x23, 0x21, 0x2F, 0x62, 0x69, 0x6E })] // "#!/bin" script
    [InlineData(new byte[] { 0x00, 0x01, 0x02, 0x03 })] // unrecognised binary
    [InlineData(new byte[] { })] // empty
    public void Executables_scripts_and_unknown_binaries_are_refused(byte[] content)
    {
        Assert.False(AttachmentTypes.IsAllowed(content));
    }

    [Fact]
    public void An_HTML_file_posing_as_text_is_refused()
    {
        Assert.False(AttachmentTypes.IsAllowed(Encoding.ASCII.GetBytes("<html><script>alert(1)</script></html>")));
    }
}
