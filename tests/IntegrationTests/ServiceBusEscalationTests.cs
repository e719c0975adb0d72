using Azure.Messaging.ServiceBus;
using EsafetyServerless.Adapters.Email;
using EsafetyServerless.Adapters.Messaging;
using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Escalation;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Notifications;
using EsafetyServerless.Workflows.Platform.Links;
using EsafetyServerless.Workflows.Response;
using EsafetyServerless.Workflows.Tasks;
using Microsoft.Extensions.Logging.Abstractions;

namespace EsafetyServerless.IntegrationTests;

/// <summary>
/// The Service Bus adapter through the SDK's own mocking support (no Service Bus runs here): what goes over the wire
/// when an escalation is published, and how each received message is settled. Storage is real (Azurite).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ServiceBusEscalationTests(AzuriteFixture azurite) : IAsyncLifetime, IDisposable
{
    readonly SmtpSink mail = new();
    readonly string agencyId = "sb-" + Guid.NewGuid().ToString("N")[..8];
    TableIncidentStore incidents = null!;
    TableTargetChannels channels = null!;
    TableDeliveryLedger ledger = null!;
    TableTaskStore tasks = null!;
    ServiceBusEscalationConsumer consumer = null!;

    public Task InitializeAsync()
    {
        StorageTables tables = azurite.NewTables();
        this.incidents = new TableIncidentStore(tables);
        this.channels = new TableTargetChannels(tables);
        this.ledger = new TableDeliveryLedger(tables);
        this.tasks = new TableTaskStore(tables);
        SmtpEmailSender email = new(new EmailOptions { SmtpHost = "127.0.0.1", SmtpPort = this.mail.Port });
        EscalationDispatcher dispatcher = new(
            this.incidents, this.channels, this.ledger, email, new NoticeDelivery(new TableNoticeOutbox(tables), email, TimeProvider.System),
            new TablePeopleDirectory(tables), this.tasks,
            new SignedLinks(new LinkSigningOptions { SigningKey = "integration-tests-link-signing-key-0123456789" }),
            new AppLinks { BaseUrl = "https://esafety.example" }, TimeProvider.System);
        this.consumer = new ServiceBusEscalationConsumer(
            null!, new EscalationMessageHandler(dispatcher, NullLogger<EscalationMessageHandler>.Instance), NullLogger<ServiceBusEscalationConsumer>.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await this.mail.DisposeAsync();

    void IDisposable.Dispose() => this.consumer.Dispose();

    static EscalationRequested Lado(string incidentId, string agencyId, int attempt = 1) =>
        new(incidentId + "-lado", incidentId, agencyId, EscalationTarget.Lado, EscalationUrgency.WithinOneWorkingDay, attempt);

    async Task<Incident> IncidentWithLadoEscalationAsync()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        string id = IncidentIds.NewId(now);
        Incident incident = new()
        {
            IncidentId = id,
            AgencyId = this.agencyId,
            Reference = string.Empty,
            Source = IncidentSource.Form,
            SubmittedAt = now,
            ReportedBy = "reporter",
            Report = new IncidentReport(now, "Confidential", HowIdentified.Observed, null, [], new Concerns(false, [], null, true, [LadoThreshold.RiskOfHarm], false, false)),
            Plan = new RecordedPlan(ResponseRoute.Lado, true, [new EscalationRecord(id + "-lado", EscalationTarget.Lado, EscalationState.Queued, now.AddDays(1))], false, true, now),
        };
        return (await this.incidents.CreateAsync(incident, null, CancellationToken.None)).Incident;
    }

    [Fact]
    public async Task A_published_escalation_carries_its_attempt_id_the_target_as_subject_and_agency_target_and_urgency_properties()
    {
        CapturingSender sender = new();
        ServiceBusEscalationChannel channel = new(sender);

        await channel.PublishAsync(Lado("inc-1", "northfield-primary", attempt: 2), CancellationToken.None);

        ServiceBusMessage sent = Assert.Single(sender.Sent);
        Assert.Equal("inc-1-lado-attempt-2", sent.MessageId);
        Assert.Equal("lado", sent.Subject);
        Assert.Equal("application/json", sent.ContentType);
        Assert.Equal("northfield-primary", sent.ApplicationProperties["agencyId"]);
        Assert.Equal("lado", sent.ApplicationProperties["target"]);
        Assert.Equal("within-one-working-day", sent.ApplicationProperties["urgency"]);
        Assert.Equal(2, sent.ApplicationProperties["attempt"]);
        Assert.Equal(Lado("inc-1", "northfield-primary", 2), EscalationWire.Read(sent.Body));
        Assert.DoesNotContain("Confidential", sent.Body.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delivered_notice_completes_the_message_and_a_redelivery_sends_nothing_more()
    {
        Incident incident = await this.IncidentWithLadoEscalationAsync();
        await this.channels.SaveAsync(new TargetChannel(EscalationTarget.Lado, ChannelKind.Email, "lado-" + this.agencyId + "@county.example", null), CancellationToken.None);
        EscalationRequested request = Lado(incident.IncidentId, this.agencyId);

        RecordingReceiver first = await this.ProcessAsync(EscalationWire.Write(request), deliveryCount: 1);
        RecordingReceiver redelivered = await this.ProcessAsync(EscalationWire.Write(request), deliveryCount: 2);

        Assert.Equal(["complete"], first.Settlements);
        Assert.Equal(["complete"], redelivered.Settlements);
        Assert.Single(this.mail.Messages, m => m.Subject!.Contains(incident.Reference, StringComparison.Ordinal));
        Assert.Equal(EscalationState.Sent, (await this.incidents.FindAsync(incident.IncidentId, CancellationToken.None))!.Plan!.Escalations.Single().State);
    }

    [Fact]
    public async Task A_notice_refused_for_good_is_dead_lettered_and_the_escalation_shows_failed()
    {
        Incident incident = await this.IncidentWithLadoEscalationAsync();
        await this.channels.SaveAsync(new TargetChannel(EscalationTarget.Lado, ChannelKind.Email, SmtpSink.RefusedPrefix + "@county.example", null), CancellationToken.None);

        RecordingReceiver receiver = await this.ProcessAsync(EscalationWire.Write(Lado(incident.IncidentId, this.agencyId)), deliveryCount: 1);

        Assert.Equal(["dead-letter:delivery-refused"], receiver.Settlements);
        Assert.Equal(EscalationState.Failed, (await this.incidents.FindAsync(incident.IncidentId, CancellationToken.None))!.Plan!.Escalations.Single().State);
    }

    [Fact]
    public async Task A_message_naming_another_agency_or_target_than_its_incident_is_dead_lettered_and_sends_nothing()
    {
        Incident incident = await this.IncidentWithLadoEscalationAsync();
        await this.channels.SaveAsync(new TargetChannel(EscalationTarget.Lado, ChannelKind.Email, "lado-" + this.agencyId + "@county.example", null), CancellationToken.None);

        RecordingReceiver otherAgency = await this.ProcessAsync(EscalationWire.Write(Lado(incident.IncidentId, "riverside-youth")), deliveryCount: 1);
        RecordingReceiver otherTarget = await this.ProcessAsync(EscalationWire.Write(Lado(incident.IncidentId, this.agencyId) with { Target = EscalationTarget.Police }), deliveryCount: 1);

        Assert.Equal(["dead-letter:delivery-refused"], otherAgency.Settlements);
        Assert.Equal(["dead-letter:delivery-refused"], otherTarget.Settlements);
        Assert.DoesNotContain(this.mail.Messages, m => m.Subject!.Contains(incident.Reference, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_delivery_that_died_while_sending_is_not_sent_again_the_officer_is_asked_to_confirm_instead()
    {
        Incident incident = await this.IncidentWithLadoEscalationAsync();
        await this.channels.SaveAsync(new TargetChannel(EscalationTarget.Lado, ChannelKind.Email, "lado-" + this.agencyId + "@county.example", null), CancellationToken.None);
        EscalationRequested request = Lado(incident.IncidentId, this.agencyId);
        // An earlier delivery claimed the attempt three minutes ago and its process died before recording the outcome.
        Assert.Equal(DeliveryClaim.Claimed, await this.ledger.ClaimAsync(request.MessageId, DateTimeOffset.UtcNow.AddMinutes(-3), EscalationDispatcher.ClaimStaleAfter, CancellationToken.None));

        RecordingReceiver receiver = await this.ProcessAsync(EscalationWire.Write(request), deliveryCount: 2);

        Assert.Equal(["complete"], receiver.Settlements);
        Assert.DoesNotContain(this.mail.Messages, m => m.Subject!.StartsWith("E-safety referral", StringComparison.Ordinal));
        WorkTask check = (await this.tasks.FindAsync(this.agencyId, EscalationDispatcher.ManualReferralTaskId(request.EscalationId), CancellationToken.None))!;
        Assert.StartsWith("The notice to the LADO may not have been sent", check.Instructions, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_delivery_claims_an_attempt_others_wait_and_a_released_claim_can_be_taken_again()
    {
        string messageId = "inc-claims-" + Guid.NewGuid().ToString("N")[..8] + "-lado-attempt-1";
        DateTimeOffset now = DateTimeOffset.UtcNow;
        TimeSpan stale = TimeSpan.FromMinutes(2);

        DeliveryClaim[] racing = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => this.ledger.ClaimAsync(messageId, now, stale, CancellationToken.None)));
        await this.ledger.ReleaseAsync(messageId, CancellationToken.None);
        DeliveryClaim retaken = await this.ledger.ClaimAsync(messageId, now, stale, CancellationToken.None);
        await this.ledger.RecordDeliveredAsync(messageId, now, CancellationToken.None);

        Assert.Single(racing, c => c == DeliveryClaim.Claimed);
        Assert.Equal(3, racing.Count(c => c == DeliveryClaim.InProgress));
        Assert.Equal(DeliveryClaim.Claimed, retaken);
        Assert.Equal(DeliveryClaim.Delivered, await this.ledger.ClaimAsync(messageId, now.AddHours(1), stale, CancellationToken.None));
    }

    [Fact]
    public async Task A_malformed_message_is_dead_lettered_without_a_retry()
    {
        RecordingReceiver receiver = await this.ProcessAsync(BinaryData.FromString("{\"escalationId\": 42"), deliveryCount: 1);

        Assert.Equal(["dead-letter:malformed-message"], receiver.Settlements);
    }

    [Fact]
    public async Task A_failure_that_may_pass_is_abandoned_for_redelivery_until_the_delivery_limit_then_dead_lettered()
    {
        Incident incident = await this.IncidentWithLadoEscalationAsync();
        await this.channels.SaveAsync(new TargetChannel(EscalationTarget.Lado, ChannelKind.Email, "lado@county.example", null), CancellationToken.None);
        await this.mail.DisposeAsync(); // The mail server is down: sending fails with a connection error, not a refusal.
        BinaryData body = EscalationWire.Write(Lado(incident.IncidentId, this.agencyId));

        RecordingReceiver early = await this.ProcessAsync(body, deliveryCount: 1);
        RecordingReceiver last = await this.ProcessAsync(body, deliveryCount: EscalationMessageHandler.MaxDeliveries);

        Assert.Equal(["abandon"], early.Settlements);
        Assert.Equal(["dead-letter:max-deliveries-exceeded"], last.Settlements);
        Assert.Equal(EscalationState.Failed, (await this.incidents.FindAsync(incident.IncidentId, CancellationToken.None))!.Plan!.Escalations.Single().State);
    }

    async Task<RecordingReceiver> ProcessAsync(BinaryData body, int deliveryCount)
    {
        ServiceBusReceivedMessage message = ServiceBusModelFactory.ServiceBusReceivedMessage(body: body, messageId: Guid.NewGuid().ToString(), deliveryCount: deliveryCount);
        RecordingReceiver receiver = new();
        await this.consumer.ProcessAsync(new ProcessMessageEventArgs(message, receiver, CancellationToken.None));
        return receiver;
    }

    sealed class CapturingSender : ServiceBusSender
    {
        public List<ServiceBusMessage> Sent { get; } = [];

        public override Task SendMessageAsync(ServiceBusMessage message, CancellationToken cancellationToken = default)
        {
            this.Sent.Add(message);
            return Task.CompletedTask;
        }
    }

    sealed class RecordingReceiver : ServiceBusReceiver
    {
        public List<string> Settlements { get; } = [];

        public override Task CompleteMessageAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default)
        {
            this.Settlements.Add("complete");
            return Task.CompletedTask;
        }

        public override Task AbandonMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = null, CancellationToken cancellationToken = default)
        {
            this.Settlements.Add("abandon");
            return Task.CompletedTask;
        }

        public override Task DeadLetterMessageAsync(ServiceBusReceivedMessage message, string deadLetterReason, string? deadLetterErrorDescription = null, CancellationToken cancellationToken = default)
        {
            this.Settlements.Add("dead-letter:" + deadLetterReason);
            return Task.CompletedTask;
        }

        public override Task DeadLetterMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object> propertiesToModify, string deadLetterReason, string? deadLetterErrorDescription = null, CancellationToken cancellationToken = default)
        {
            this.Settlements.Add("dead-letter:" + deadLetterReason);
            return Task.CompletedTask;
        }
    }
}
