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
        });
    }

    public SmtpSink Mail { get; }

    public LocalRuntimeProcess Runtime { get; }

    public Task InitializeAsync() => this.Runtime.StartAsync();

    public async Task DisposeAsync()
    {
        await this.Runtime.DisposeAsync();
        await this.Mail.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class LocalRuntimeCollection : ICollectionFixture<LocalRuntimeFixture>
{
    public const string Name = "Local runtime";
}
