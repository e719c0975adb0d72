namespace EsafetyServerless.Adapters.Email;

/// <summary>How the app sends email (section <c>Email</c>; app settings <c>Email__Provider</c>, <c>Email__From</c>).</summary>
public sealed class EmailOptions
{
    public const string SectionName = "Email";

    /// <summary><c>sendgrid</c> (Azure), <c>smtp</c>, or <c>pickup-directory</c> (local default: .eml files in a folder).</summary>
    public string Provider { get; set; } = EmailProviders.SendGrid;

    public string From { get; set; } = "esafety-noreply@safeguarding-board.example";

    /// <summary>For <c>smtp</c>.</summary>
    public string SmtpHost { get; set; } = "127.0.0.1";

    public int SmtpPort { get; set; } = 25;

    /// <summary>For <c>pickup-directory</c>: where each message is written as an .eml file.</summary>
    public string PickupDirectory { get; set; } = "outbox";
}

public static class EmailProviders
{
    public const string SendGrid = "sendgrid";
    public const string Smtp = "smtp";
    public const string PickupDirectory = "pickup-directory";
}
