using Azure.Storage.Queues;
using EsafetyServerless.Adapters.Messaging;
using EsafetyServerless.Workflows.Escalation;
using Microsoft.Extensions.DependencyInjection;

namespace EsafetyServerless.WorkflowTests;

/// <summary>
/// The escalation transport as the local runtime runs it, beside a workflow test host: the real storage queue on
/// Azurite, polled by the consumer, which dispatches with the same services the workflows' activities use.
/// </summary>
sealed class LocalEscalationTransport : IAsyncDisposable
{
    readonly ServiceProvider services;
    readonly QueueEscalationConsumer consumer;

    LocalEscalationTransport(ServiceProvider services)
    {
        this.services = services;
        this.consumer = services.GetRequiredService<QueueEscalationConsumer>();
    }

    /// <param name="shared">Registers the services the activities use (channel, stores, email, links).</param>
    public static async Task<LocalEscalationTransport> StartAsync(Action<IServiceCollection> shared, QueueServiceClient queues)
    {
        ServiceCollection escalation = new();
        shared(escalation);
        escalation.AddLogging();
        escalation.AddSingleton<EscalationDispatcher>();
        escalation.AddSingleton<EscalationMessageHandler>();
        escalation.AddSingleton(queues);
        escalation.AddSingleton<QueueEscalationConsumer>();
        LocalEscalationTransport transport = new(escalation.BuildServiceProvider());
        await transport.consumer.StartAsync(CancellationToken.None);
        return transport;
    }

    public async ValueTask DisposeAsync()
    {
        await this.consumer.StopAsync(CancellationToken.None);
        await this.services.DisposeAsync();
    }
}
