using System.Buffers;
using System.Net;
using EsafetyServerless.Workflows.Intake;
using EsafetyServerless.Workflows.Platform;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace EsafetyServerless.Local.Intake;

/// <summary>
/// The local runtime's stand-in for SendGrid Inbound Parse: an SMTP listener on 127.0.0.1 (port <c>Local__SmtpPort</c>,
/// 2525 by default) that feeds every message to the same email intake (<see cref="AcceptInboundEmail"/>, read by the
/// same <see cref="IMailReader"/> as the webhook's raw mode), so anyone can email the local system from a mail client.
/// A message the intake cannot take right now is refused with a temporary error, so the sender retries.
/// </summary>
public sealed partial class LocalSmtpIntake(LocalRuntimeOptions options, IMailReader mail, IServiceScopeFactory scopes, ILogger<LocalSmtpIntake> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.SmtpPort <= 0)
        {
            return;
        }

        ISmtpServerOptions serverOptions = new SmtpServerOptionsBuilder()
            .ServerName("esafety-local")
            .MaxMessageSize(30 * 1024 * 1024)
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, options.SmtpPort)).IsSecure(false))
            .Build();
        SmtpServer.ComponentModel.ServiceProvider services = new();
        services.Add(new IntakeStore(this));
        LogListening(logger, options.SmtpPort);
        try
        {
            await new SmtpServer.SmtpServer(serverOptions, services).StartAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            // The rest of the system keeps running: reports still arrive through the form and the API.
            LogCannotListen(logger, ex, options.SmtpPort);
        }
    }

    async Task<SmtpResponse> AcceptAsync(IMessageTransaction transaction, byte[] raw, CancellationToken cancellationToken)
    {
        List<string> recipients = transaction.To.Select(m => m.User + "@" + m.Host).ToList();
        // The listener accepts connections from this machine only, so its senders are the developer's own test mail.
        InboundEmail? message = mail.ReadMime(raw, new MailDelivery(InboundChannels.Smtp, recipients, SenderVerified: _ => true));
        if (message is null)
        {
            return new SmtpResponse(SmtpReplyCode.SyntaxError, "The message needs a From address and a recipient");
        }

        try
        {
            // One scope per message, as a request has: the use case and the workflow port are scoped.
            await using AsyncServiceScope scope = scopes.CreateAsyncScope();
            Outcome<EmailReceipt> accepted = await scope.ServiceProvider.GetRequiredService<AcceptInboundEmail>().ExecuteAsync(message, cancellationToken);
            EmailReceipt receipt = accepted.Value;
            LogAccepted(logger, receipt.AgencyId, receipt.IncidentId ?? receipt.UnverifiedReportId ?? string.Empty);
            return SmtpResponse.Ok;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, ex);
            return new SmtpResponse((SmtpReplyCode)451, "Temporarily unable to accept the message; try again");
        }
    }

    sealed class IntakeStore(LocalSmtpIntake owner) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken) =>
            owner.AcceptAsync(transaction, buffer.ToArray(), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Email intake listening for SMTP on 127.0.0.1:{Port}")]
    static partial void LogListening(ILogger logger, int port);

    [LoggerMessage(Level = LogLevel.Error, Message = "Email intake cannot listen on 127.0.0.1:{Port} (is another program using it? set Local__SmtpPort)")]
    static partial void LogCannotListen(ILogger logger, Exception exception, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "Emailed report accepted for agency {AgencyId}: {RecordId}")]
    static partial void LogAccepted(ILogger logger, string agencyId, string recordId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Emailed report could not be taken now; the sender will retry")]
    static partial void LogFailed(ILogger logger, Exception exception);
}
