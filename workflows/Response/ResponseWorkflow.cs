using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform.Orchestration;

namespace EsafetyServerless.Workflows.Response;

/// <summary>Starts an incident's <see cref="IncidentResponse"/> through the durable engine (with the host's timings, if any).</summary>
public sealed class ResponseWorkflow(IWorkflowSignals workflows, ResponseOptions? options = null) : IResponseWorkflow
{
    public Task StartAsync(string incidentId, bool restartIfFailed, CancellationToken cancellationToken) =>
        workflows.StartIfNewAsync(nameof(IncidentResponse), incidentId, new IncidentResponseInput(incidentId, options?.Timings()), restartIfFailed, cancellationToken);
}
