using System.Globalization;
using EsafetyServerless.TestSupport;

namespace EsafetyServerless.EndToEndTests;

/// <summary>
/// One local runtime process, started as the README's run command would, sending its email to a real SMTP server
/// the tests read; shared by a collection of tests.
/// </summary>
public sealed class LocalRuntimeFixture : IAsyncLifetime
{
    public LocalRuntimeFixture()
    {
        this.Mail = new SmtpSink();
        this.Runtime = LocalRuntimeProcess.CreateIsolated(new Dictionary<string, string>
        {
            ["Email__Provider"] = "smtp",
            ["Email__SmtpHost"] = "127.0.0.1",
            ["Email__SmtpPort"] = this.Mail.Port.ToString(CultureInfo.InvariantCulture),
            ["Local__SmtpPort"] = this.SmtpIntakePort.ToString(CultureInfo.InvariantCulture),
            ["InboundEmail__Secret"] = InboundSecret,
            ["Links__SigningKey"] = LinkSigningKey,
            ["InboundEmail__VerificationKey"] = Convert.ToBase64String(this.SendGridSigningKey.ExportSubjectPublicKeyInfo()),
        });
    }

    public const string InboundSecret = "test-inbound-secret";

    /// <summary>The runtime's key for signed links, so a test can make a link that has expired.</summary>
    public const string LinkSigningKey = "end-to-end-test-link-signing-key-0123456789";

    /// <summary>Stands in for SendGrid's signing key: the runtime is given its public half.</summary>
    public System.Security.Cryptography.ECDsa SendGridSigningKey { get; } = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);

    /// <summary>The local runtime's email-intake SMTP listener.</summary>
    public int SmtpIntakePort { get; } = FreePorts.Next();

    public SmtpSink Mail { get; }

    public LocalRuntimeProcess Runtime { get; }

    public Task InitializeAsync() => this.Runtime.StartAsync();

    public async Task DisposeAsync()
    {
        await this.Runtime.DisposeAsync();
        await this.Mail.DisposeAsync();
        this.SendGridSigningKey.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class LocalRuntimeCollection : ICollectionFixture<LocalRuntimeFixture>
{
    public const string Name = "Local runtime";
}
