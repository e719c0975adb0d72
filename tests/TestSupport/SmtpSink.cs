using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Mail;
using SmtpServer.Storage;

namespace EsafetyServerless.TestSupport;

/// <summary>
/// A real SMTP server on a free loopback port that keeps every message it receives, for assertions. Recipients whose
/// address starts with <see cref="RefusedPrefix"/> are refused with a permanent 550, like a mailbox that does not exist.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    readonly CancellationTokenSource stop = new();
    readonly Task running;
    readonly KeepingStore store = new();
    int disposed;

    public SmtpSink()
    {
        this.Port = FreePorts.Next();
        ISmtpServerOptions options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, this.Port)).IsSecure(false))
            .Build();
        SmtpServer.ComponentModel.ServiceProvider services = new();
        services.Add(this.store);
        services.Add((IMailboxFilter)new RefusingFilter());
        this.running = new SmtpServer.SmtpServer(options, services).StartAsync(this.stop.Token);
    }

    public const string RefusedPrefix = "refused";

    public int Port { get; }

    public IReadOnlyCollection<MimeMessage> Messages => this.store.Messages.ToArray();

    /// <summary>Waits for a message that matches, up to the timeout.</summary>
    public async Task<MimeMessage> WaitForAsync(Func<MimeMessage, bool> match, TimeSpan timeout)
    {
        DateTime until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (this.store.Messages.FirstOrDefault(match) is { } message)
            {
                return message;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No matching email arrived within {timeout}; received: "
            + string.Join(" | ", this.store.Messages.Select(m => $"{m.To} {m.Subject}")));
    }

    /// <summary>Stops the server (a test may stop it early to simulate a mail server that is down); safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref this.disposed, 1) == 1)
        {
            return;
        }

        await this.stop.CancelAsync();
        try
        {
            await this.running;
        }
        catch (OperationCanceledException)
        {
        }

        this.stop.Dispose();
    }

    sealed class RefusingFilter : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!to.User.StartsWith(RefusedPrefix, StringComparison.OrdinalIgnoreCase));
    }

    sealed class KeepingStore : MessageStore
    {
        public ConcurrentQueue<MimeMessage> Messages { get; } = new();

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using MemoryStream stream = new(buffer.ToArray());
            this.Messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
