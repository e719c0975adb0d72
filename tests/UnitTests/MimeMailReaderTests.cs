using System.Text;
using EsafetyServerless.Adapters.Email;
using EsafetyServerless.Workflows.Intake;
using MimeKit;

namespace EsafetyServerless.UnitTests;

/// <summary>Inbound mail is read the same way for the webhook (raw and parsed modes) and the local SMTP listener.</summary>
public class MimeMailReaderTests
{
    static readonly MimeMailReader Reader = new();
    static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF\n");

    static byte[] Message(string? to = "esafety@northfield-primary.example", string? html = null)
    {
        MimeMessage mime = new();
        mime.From.Add(new MailboxAddress("Amy Clarke", "amy@northfield-primary.example"));
        if (to is not null)
        {
            mime.To.Add(MailboxAddress.Parse(to));
        }

        mime.Subject = "Chat messages";
        BodyBuilder body = html is null ? new() { TextBody = "What happened." } : new() { HtmlBody = html };
        body.Attachments.Add("notes.pdf", Pdf, new ContentType("application", "pdf"));
        mime.Body = body.ToMessageBody();
        using MemoryStream stream = new();
        mime.WriteTo(stream);
        return stream.ToArray();
    }

    static MailDelivery Delivery(params string[] envelopeTo) => new(InboundChannels.Smtp, envelopeTo, from => from.EndsWith("@northfield-primary.example", StringComparison.Ordinal));

    [Fact]
    public void A_MIME_message_gives_its_sender_subject_text_attachments_and_the_raw_bytes()
    {
        byte[] raw = Message();

        InboundEmail email = Reader.ReadMime(raw, Delivery())!;

        Assert.Equal("amy@northfield-primary.example", email.From);
        Assert.Equal(["esafety@northfield-primary.example"], email.To);
        Assert.Equal("Chat messages", email.Subject);
        Assert.Contains("What happened.", email.Text, StringComparison.Ordinal);
        Assert.Equal(Pdf, Assert.Single(email.Attachments).Content.ToArray());
        Assert.Equal(raw, email.Raw.ToArray());
        Assert.True(email.SenderVerified);
        Assert.Equal(InboundChannels.Smtp, email.Channel);
    }

    [Fact]
    public void The_envelope_recipients_come_before_the_messages_own_To_header()
    {
        InboundEmail email = Reader.ReadMime(Message(), Delivery("esafety@riverside-college.example"))!;

        Assert.Equal(["esafety@riverside-college.example"], email.To);
    }

    [Fact]
    public void A_message_with_no_recipient_anywhere_is_not_read()
    {
        Assert.Null(Reader.ReadMime(Message(to: null), Delivery()));
    }

    [Fact]
    public void An_HTML_only_message_is_read_as_its_words()
    {
        InboundEmail email = Reader.ReadMime(Message(html: "<p>Threatening <b>messages</b></p>"), Delivery())!;

        Assert.DoesNotContain("<", email.Text, StringComparison.Ordinal);
        Assert.Contains("Threatening", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Parsed_parts_take_the_address_out_of_the_From_header_and_fall_back_to_the_To_header()
    {
        MailParts parts = new("Amy Clarke <amy@northfield-primary.example>", "School <esafety@northfield-primary.example>", "Subject", string.Empty, "<p>Hello</p>",
            Encoding.ASCII.GetBytes("the whole post"), []);

        InboundEmail email = Reader.ReadParts(parts, Delivery())!;

        Assert.Equal("amy@northfield-primary.example", email.From);
        Assert.Equal(["esafety@northfield-primary.example"], email.To);
        Assert.Contains("Hello", email.Text, StringComparison.Ordinal);
        Assert.Equal("the whole post", Encoding.ASCII.GetString(email.Raw.Span));
    }

    [Fact]
    public void Parsed_parts_without_a_sender_address_are_not_read()
    {
        Assert.Null(Reader.ReadParts(new MailParts("not an address", "esafety@northfield-primary.example", "s", "t", string.Empty, Array.Empty<byte>(), []), Delivery()));
    }
}
