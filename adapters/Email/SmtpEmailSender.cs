using EsafetyServerless.Workflows.Notifications;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace EsafetyServerless.Adapters.Email;

/// <summary>Sends email over SMTP with MailKit (the local runtime, or any relay a board prefers).</summary>
public sealed class SmtpEmailSender(EmailOptions options) : IEmailSender
{
    public async Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        using SmtpClient client = new();
        try
        {
            await client.ConnectAsync(options.SmtpHost, options.SmtpPort, SecureSocketOptions.None, cancellationToken);
            await client.SendAsync(MimeMessages.Create(options.From, email), cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500)
        {
            throw new EmailRejectedException("The SMTP server refused the message: " + ex.StatusCode, ex);
        }
    }
}

/// <summary>Writes each message as an .eml file: the local runtime's default, so nothing leaves the machine.</summary>
public sealed class PickupDirectoryEmailSender(EmailOptions options) : IEmailSender
{
    public async Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        Directory.CreateDirectory(options.PickupDirectory);
        MimeMessage message = MimeMessages.Create(options.From, email);
        string file = Path.Combine(options.PickupDirectory, $"{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}.eml");
        await message.WriteToAsync(file, cancellationToken);
    }
}

static class MimeMessages
{
    public static MimeMessage Create(string from, OutgoingEmail email)
    {
        MimeMessage message = new();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(email.To));
        message.Subject = email.Subject;
        message.Body = new TextPart("plain") { Text = email.Text };
        return message;
    }
}
