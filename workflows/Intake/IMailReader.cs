namespace EsafetyServerless.Workflows.Intake;

/// <summary>
/// Port: turning an email as it travelled into an <see cref="InboundEmail"/> — a whole MIME message (SendGrid's
/// "send raw" mode, the local SMTP listener) or one already split into its parts (SendGrid's parsed mode). The
/// adapter knows the mail formats (RFC 5322 addresses, MIME); the webhook and the listener only know how it arrived.
/// </summary>
public interface IMailReader
{
    /// <summary>A whole message in MIME form; null when it cannot be read, or it has no sender or no recipient.</summary>
    InboundEmail? ReadMime(ReadOnlyMemory<byte> raw, MailDelivery delivery);

    /// <summary>A message split into its header values and bodies; null when it has no sender or no recipient.</summary>
    InboundEmail? ReadParts(MailParts parts, MailDelivery delivery);
}

/// <summary>How a message was delivered, which the message itself cannot say.</summary>
/// <param name="Channel">The way it arrived (<see cref="InboundChannels"/>).</param>
/// <param name="EnvelopeTo">The SMTP envelope's recipients; when empty, the message's own To and Cc are used.</param>
/// <param name="SenderVerified">Whether the sending domain vouched for this From address (SPF or DKIM passed).</param>
public sealed record MailDelivery(string Channel, IReadOnlyList<string> EnvelopeTo, Func<string, bool> SenderVerified);

/// <summary>A message already split into parts by the service that received it.</summary>
/// <param name="From">The From header's value ("Amy Clarke &lt;amy@school.example&gt;").</param>
/// <param name="To">The To header's value, used when the envelope names no recipient.</param>
/// <param name="Text">The plain-text body; when empty, the text of <paramref name="Html"/> is used.</param>
/// <param name="Raw">What is kept as the record of the message (for SendGrid's parsed mode, the whole post).</param>
public sealed record MailParts(
    string From, string To, string Subject, string Text, string Html, ReadOnlyMemory<byte> Raw, IReadOnlyList<InboundAttachment> Attachments);
