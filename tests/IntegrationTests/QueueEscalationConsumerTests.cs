using Azure.Storage.Queues;
using EsafetyServerless.Adapters;
using EsafetyServerless.Adapters.Email;
using EsafetyServerless.Adapters.Messaging;
using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Escalation;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Notifications;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Links;
using EsafetyServerless.Workflows.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EsafetyServerless.IntegrationTests;

/// <summary>
/// The local escalation consumer on the real storage queue. Its clock is a fake that never moves, so a message it
/// takes was taken because it was woken or polled again at once, never because a back-off delay ran out.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class QueueEscalationConsumerTests(AzuriteFixture azurite) : IAsyncLifetime
{
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
    ServiceProvider services = null!;
    QueueClient queue = null!;
    QueueClient deadLetters = null!;

    public async Task InitializeAsync()
    {
        StorageTables tables = azurite.NewTables();
        QueueServiceClient queues = azurite.NewQueues();
        ServiceCollection collection = new();
        collection.AddLogging();
        collection.AddSingleton<TimeProvider>(this.clock);
        collection.AddSingleton(queues);
        collection.AddSingleton<IIncidentStore>(new TableIncidentStore(tables));
        collection.AddSingleton<IPeopleDirectory>(new TablePeopleDirectory(tables));
        collection.AddSingleton<ITaskStore>(new TableTaskStore(tables));
        collection.AddSingleton<ITargetChannels>(new TableTargetChannels(tables));
        collection.AddSingleton<IDeliveryLedger>(new TableDeliveryLedger(tables));
        collection.AddSingleton<IEmailSender>(new SmtpEmailSender(new EmailOptions { SmtpHost = "127.0.0.1", SmtpPort = FreePorts.Next() }));
        collection.AddSingleton(new AppLinks { BaseUrl = "https://esafety.example" });
        collection.AddSingleton(new SignedLinks(new LinkSigningOptions { SigningKey = "integration-tests-link-signing-key-0123456789" }));
        collection.AddSingleton<INoticeOutbox>(new TableNoticeOutbox(tables));
        collection.AddSingleton<NoticeDelivery>();
        collection.AddSingleton<EscalationDispatcher>();
        collection.AddStorageQueueEscalations();
        collection.AddSingleton<QueueEscalationConsumer>();
        this.services = collection.BuildServiceProvider();
        this.queue = queues.GetQueueClient(EscalationQueues.Name);
        this.deadLetters = queues.GetQueueClient(EscalationQueues.DeadLetterName);
        foreach (QueueClient q in new[] { this.queue, this.deadLetters })
        {
            await q.CreateIfNotExistsAsync();
            await q.ClearMessagesAsync();
        }
    }

    public async Task DisposeAsync() => await this.services.DisposeAsync();

    [Fact]
    public async Task A_message_published_in_process_is_taken_at_once_by_an_idle_consumer()
    {
        // One message from elsewhere first: once it is dead-lettered, the consumer has finished a poll and is idle.
        await this.queue.SendMessageAsync(BinaryData.FromString("not an escalation"));
        QueueEscalationConsumer consumer = this.services.GetRequiredService<QueueEscalationConsumer>();
        await consumer.StartAsync(CancellationToken.None);
        try
        {
            Assert.True(await WaitUntilAsync(async () => await CountAsync(this.deadLetters) == 1), "the first message was not dead-lettered");

            await this.services.GetRequiredService<IEscalationChannel>().PublishAsync(
                new EscalationRequested("esc-unknown", "inc-unknown", "agency-unknown", EscalationTarget.Lado, EscalationUrgency.Immediate, 1), CancellationToken.None);

            Assert.True(await WaitUntilAsync(async () => await this.WaitingAsync() == 0), "the published message is still in the queue");
        }
        finally
        {
            await consumer.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task After_a_full_batch_the_consumer_polls_again_at_once()
    {
        // More than one batch (16), sent by another process: nothing wakes the consumer but its own polling.
        for (int i = 0; i < 17; i++)
        {
            await this.queue.SendMessageAsync(BinaryData.FromString("not an escalation " + i));
        }

        QueueEscalationConsumer consumer = this.services.GetRequiredService<QueueEscalationConsumer>();
        await consumer.StartAsync(CancellationToken.None);
        try
        {
            Assert.True(await WaitUntilAsync(async () => await CountAsync(this.deadLetters) == 17), "not every message was taken");
        }
        finally
        {
            await consumer.StopAsync(CancellationToken.None);
        }
    }

    async Task<int> WaitingAsync() => (await this.queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;

    static async Task<int> CountAsync(QueueClient queue) => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;

    /// <summary>Real time bounds the wait only; the consumer's own clock never moves.</summary>
    static async Task<bool> WaitUntilAsync(Func<Task<bool>> condition)
    {
        DateTime giveUpAt = DateTime.UtcNow + Bound;
        while (DateTime.UtcNow < giveUpAt)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
