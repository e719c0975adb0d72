using System.Net;
using EsafetyServerless.Workflows.Notifications;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace EsafetyServerless.Adapters.Email;

/// <summary>
/// Sends email with SendGrid's v3 API (the API key comes from Key Vault through the <c>SendGrid__ApiKey</c> setting).
/// 4xx answers are permanent refusals; 5xx and network faults are transient and thrown for the caller to retry.
/// </summary>
public sealed class SendGridEmailSender(ISendGridClient client, EmailOptions options) : IEmailSender
{
    public const string ApiKeySetting = "SendGrid__ApiKey";

    public async Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        SendGridMessage message = MailHelper.CreateSingleEmail(new EmailAddress(options.From), new EmailAddress(email.To), email.Subject, email.Text, htmlContent: null);
        Response response = await client.SendEmailAsync(message, cancellationToken);
        int status = (int)response.StatusCode;
        if (status is >= 400 and < 500 && response.StatusCode != HttpStatusCode.TooManyRequests)
        {
            throw new EmailRejectedException($"SendGrid refused the message ({status}).");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"SendGrid answered {status}; the send will be retried.", null, response.StatusCode);
        }
    }
}
