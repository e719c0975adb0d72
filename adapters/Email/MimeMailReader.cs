using System.Text.RegularExpressions;
using EsafetyServerless.Workflows.Intake;
using MimeKit;

namespace EsafetyServerless.Adapters.Email;

/// <summary><see cref="IMailReader"/> over MimeKit: the one place inbound mail formats are read.</summary>
public sealed partial class MimeMailReader : IMailReader
{
    const int MaxAttachments = 50;

    public InboundEmail? ReadMime(ReadOnlyMemory<byte> raw, MailDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        MimeMessage message;
        try
        {
            using MemoryStream stream = new(raw.ToArray(), writable: false);
            message = MimeMessage.Load(stream);
        }
        catch (FormatException)
        {
            return null;
        }

        string? from = message.From.Mailboxes.FirstOrDefault()?.Address;
        IReadOnlyList<string> to = delivery.EnvelopeTo.Count > 0
            ? delivery.EnvelopeTo
            : message.To.Mailboxes.Concat(message.Cc.Mailboxes).Select(m => m.Address).ToList();
        if (from is null || to.Count == 0)
        {
            return null;
        }

        List<InboundAttachment> attachments = [];
        foreach (MimePart part in message.Attachments.OfType<MimePart>().Take(MaxAttachments))
        {
            using MemoryStream content = new();
            part.Content?.DecodeTo(content);
            attachments.Add(new InboundAttachment(part.FileName ?? "attachment", part.ContentType.MimeType, content.ToArray()));
        }

        string text = message.TextBody ?? TextOfHtml(message.HtmlBody ?? string.Empty);
        return new InboundEmail(delivery.Channel, from, to, message.Subject ?? string.Empty, text, raw, attachments, delivery.SenderVerified(from));
    }

    public InboundEmail? ReadParts(MailParts parts, MailDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(delivery);
        string? from = MailboxAddress.TryParse(parts.From, out MailboxAddress? sender) ? sender.Address : null;
        IReadOnlyList<string> to = delivery.EnvelopeTo;
        if (to.Count == 0 && InternetAddressList.TryParse(parts.To, out InternetAddressList? list))
        {
            to = list.Mailboxes.Select(m => m.Address).ToList();
        }

        if (from is null || to.Count == 0)
        {
            return null;
        }

        string text = parts.Text.Length > 0 ? parts.Text : TextOfHtml(parts.Html);
        return new InboundEmail(delivery.Channel, from, to, parts.Subject, text, parts.Raw, parts.Attachments, delivery.SenderVerified(from));
    }

    /// <summary>The words of an HTML-only message, for reading on the log page (the raw message keeps the markup).</summary>
    static string TextOfHtml(string html) => Tags().Replace(html, " ");

    [GeneratedRegex("<[^>]*>", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Tags();
}
