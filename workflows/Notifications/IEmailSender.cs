namespace EsafetyServerless.Workflows.Notifications;

/// <summary>An email the system sends. Notices carry the minimum: references and links, never children's details.</summary>
public sealed record OutgoingEmail(string To, string Subject, string Text);

/// <summary>Port: sends email — SendGrid in Azure, SMTP or a pickup folder locally.</summary>
public interface IEmailSender
{
    /// <exception cref="EmailRejectedException">The provider refused the message for good (retrying will not help).</exception>
    Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken);
}

/// <summary>A permanent refusal (for example SendGrid 4xx or an SMTP 5xx on the recipient).</summary>
public sealed class EmailRejectedException : Exception
{
    public EmailRejectedException()
    {
    }

    public EmailRejectedException(string message)
        : base(message)
    {
    }

    public EmailRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Where links in emails point: <c>App__BaseUrl</c> when set (a custom domain), otherwise the host name App Service
/// gives the app (<c>WEBSITE_HOSTNAME</c>), otherwise the local runtime's address.
/// </summary>
public sealed class AppLinks
{
    public const string SectionName = "App";

    public string? BaseUrl { get; set; }

    public string EffectiveBaseUrl =>
        !string.IsNullOrWhiteSpace(this.BaseUrl) ? this.BaseUrl
        : Environment.GetEnvironmentVariable("WEBSITE_HOSTNAME") is { Length: > 0 } host ? "https://" + host
        : "http://127.0.0.1:7071";

    public string To(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return this.EffectiveBaseUrl.TrimEnd('/') + "/" + path.TrimStart('/');
    }
}
