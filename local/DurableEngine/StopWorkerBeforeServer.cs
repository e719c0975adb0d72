using Microsoft.DurableTask.Worker.Hosting;

namespace EsafetyServerless.Local.DurableEngine;

/// <summary>
/// On shutdown, stops the durable worker before the web server. The worker holds a streaming gRPC call open to the
/// sidecar in this same process; if Kestrel stopped first it would wait out the whole shutdown timeout (30 s) for
/// that call to end. Stopping the worker first ends the call, so Ctrl+C stops the runtime in a second or two.
/// </summary>
public sealed class StopWorkerBeforeServer(IServiceProvider services) : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        foreach (IHostedService worker in services.GetServices<IHostedService>().OfType<DurableTaskWorker>())
        {
            await worker.StopAsync(cancellationToken);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
