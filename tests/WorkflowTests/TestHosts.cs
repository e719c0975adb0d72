using EsafetyServerless.Workflows;
using Microsoft.DurableTask.Testing;

namespace EsafetyServerless.WorkflowTests;

/// <summary>
/// Starts the in-memory durable engine with the product's workflows. Its gRPC sidecar picks a free port and then binds
/// it; when the other test projects run at the same time another process can take that port in between, so a start
/// that fails with "address already in use" is tried again on a new port.
/// </summary>
static class TestHosts
{
    public static async Task<DurableTaskTestHost> StartAsync(DurableTaskTestHostOptions options)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await DurableTaskTestHost.StartAsync(WorkflowCatalog.Register, options);
            }
            catch (IOException ex) when (attempt < 5 && ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                await Task.Delay(100 * attempt);
            }
        }
    }
}
