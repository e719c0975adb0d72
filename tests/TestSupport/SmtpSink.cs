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
/// While <see cref="Unavailable"/> is set it refuses every message with a temporary 421, like a mail server that is
/// down; <see cref="Hold"/> keeps the senders of some recipients waiting, like a slow mail server.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    readonly CancellationTokenSource stop = new();
    readonly Task running;
    readonly KeepingStore store = new();
    readonly RefusingFilter filter = new();
    int disposed;

    public SmtpSink(int? port = null)
    {
        this.Port = port ?? FreePorts.Next();
        ISmtpServerOptions options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, this.Port)).IsSecure(false))
            .Build();
        SmtpServer.ComponentModel.ServiceProvider services = new();
        services.Add(this.store);
        services.Add((IMailboxFilter)this.filter);
        this.running = new SmtpServer.SmtpServer(options, services).StartAsync(this.stop.Token);
    }

    public const string RefusedPrefix = "refused";

    public int Port { get; }

    public IReadOnlyCollection<MimeMessage> Messages => this.store.Messages.ToArray();

    /// <summary>While true, every message is refused with 421 "service not available" (a temporary failure).</summary>
    public bool Unavailable
    {
        get => this.filter.Unavailable;
        set => this.filter.Unavailable = value;
    }

    /// <summary>How many messages were refused while <see cref="Unavailable"/>.</summary>
    public int RefusedWhileUnavailable => this.filter.RefusedWhileUnavailable;

    /// <summary>
    /// Keeps every sender to an address starting with <paramref name="addressPrefix"/> waiting at its RCPT command
    /// until the returned handle is disposed (then the message is accepted as usual).
    /// </summary>
    public IDisposable Hold(string addressPrefix) => this.filter.Hold(addressPrefix);

    /// <summary>How many senders are being held at this moment.</summary>
    public int Held => this.filter.Held;

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
        readonly ConcurrentDictionary<string, TaskCompletionSource> holds = new(StringComparer.OrdinalIgnoreCase);
        volatile bool unavailable;
        int refusedWhileUnavailable;
        int held;

        public bool Unavailable
        {
            get => this.unavailable;
            set => this.unavailable = value;
        }

        public int RefusedWhileUnavailable => Volatile.Read(ref this.refusedWhileUnavailable);

        public int Held => Volatile.Read(ref this.held);

        public Release Hold(string addressPrefix)
        {
            TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
            this.holds[addressPrefix] = released;
            return new Release(() =>
            {
                this.holds.TryRemove(addressPrefix, out _);
                released.TrySetResult();
            });
        }

        public override Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken)
        {
            if (this.unavailable)
            {
                Interlocked.Increment(ref this.refusedWhileUnavailable);
                throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.ServiceUnavailable, "Service not available, try again later"));
            }

            return Task.FromResult(true);
        }

        public override async Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
        {
            string address = to.User + "@" + to.Host;
            foreach ((string prefix, TaskCompletionSource released) in this.holds)
            {
                if (address.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    Interlocked.Increment(ref this.held);
                    try
                    {
                        await released.Task.WaitAsync(cancellationToken);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref this.held);
                    }
                }
            }

            return !to.User.StartsWith(RefusedPrefix, StringComparison.OrdinalIgnoreCase);
        }
    }

    internal sealed class Release(Action release) : IDisposable
    {
        public void Dispose() => release();
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
