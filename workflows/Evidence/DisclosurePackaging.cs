using System.Globalization;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform.Orchestration;
using Microsoft.DurableTask;

namespace EsafetyServerless.Workflows.Evidence;

/// <summary>Which approved disclosure request to package: ids only.</summary>
public sealed record DisclosurePackaging(string IncidentId, string RequestId);

/// <summary>
/// Builds an approved disclosure's export package outside the approval request, so neither a crash nor a timeout
/// half-way loses the approval or leaves half a package: the approval is recorded first; this workflow (one per request,
/// instance id <see cref="InstanceId"/>) runs <see cref="BuildDisclosurePackage"/>, retried with backoff, and when
/// storage stays down it tries again every <see cref="RetryEvery"/> for a day. Started through
/// <see cref="DisclosurePackagingWorkflow"/>, which also starts it again if it was lost or failed.
/// </summary>
public sealed class PrepareDisclosurePackage : TaskOrchestrator<DisclosurePackaging, bool>
{
    public static readonly TimeSpan RetryEvery = TimeSpan.FromMinutes(10);

    public const int MaxRounds = 144;

    public static string InstanceId(string incidentId, string requestId) => "disclosure-" + incidentId + "-" + requestId;

    public override async Task<bool> RunAsync(TaskOrchestrationContext context, DisclosurePackaging input)
    {
        ArgumentNullException.ThrowIfNull(context);
        for (int round = 1; ; round++)
        {
            try
            {
                return await context.CallActivityAsync<bool>(nameof(BuildDisclosurePackage), input, ActivityRetries.Standard);
            }
            catch (TaskFailedException) when (round < MaxRounds)
            {
                await context.CreateTimer(context.CurrentUtcDateTime + RetryEvery, CancellationToken.None);
            }
        }
    }
}

/// <summary>
/// Builds the package of an approved request and records it on the request, safe to run any number of times: a
/// request that has its package (or is no longer approved, or was purged) is left alone; the package blob is named
/// by the request and only appears once it is complete, so a retry replaces what a failed attempt left unfinished; the
/// custody entry is appended once per request. The link's seven days start when the package is ready.
/// </summary>
public sealed class BuildDisclosurePackage(
    IIncidentStore incidents, IDisclosureRequests disclosures, EvidenceUploads register, IDisclosurePackages packages,
    CustodyLog custodyLog, CustodyRecorder custodyRecorder, TimeProvider timeProvider) : TaskActivity<DisclosurePackaging, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, DisclosurePackaging input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Incident? incident = await incidents.FindAsync(input.IncidentId, CancellationToken.None);
        DisclosureRequest? request = incident is null ? null : await disclosures.FindAsync(input.IncidentId, input.RequestId, CancellationToken.None);
        if (incident is null || request is not { State: DisclosureState.Approved or DisclosureState.Downloaded, Decision: { Approved: true } approval })
        {
            return false;
        }

        DisclosurePackage package = request.Package ?? await this.BuildAsync(incident, request, approval);
        await custodyRecorder.RecordOnceAsync("custody-packaged:" + request.RequestId, null, incident, CustodyActions.DisclosurePackaged, incident.IncidentId,
            string.Create(CultureInfo.InvariantCulture, $"request={request.RequestId} items={package.Items} manifestSha256={package.ManifestSha256} linkExpires={package.LinkExpiresAt:O}"));
        return true;
    }

    async Task<DisclosurePackage> BuildAsync(Incident incident, DisclosureRequest request, DisclosureDecision approval)
    {
        DateTimeOffset now = timeProvider.GetUtcNow();
        // A file still on its way (or whose upload never finished) is not evidence yet: it is left out.
        IReadOnlyList<EvidenceItem> items = [.. (await register.ListAsync(incident, CancellationToken.None)).Where(i => i.Uploading is null)];
        IReadOnlyList<CustodyRecord> custody = await custodyLog.ReadAsync(incident, CancellationToken.None);
        (DisclosurePackage built, _) = await packages.CreateAsync(
            new DisclosurePackageContents(request, incident.Reference, approval, items, custody, now + DisclosureRules.LinkLifetime), now, CancellationToken.None);
        DisclosureRequest? recorded = await disclosures.UpdateAsync(incident.IncidentId, request.RequestId,
            current => current.Package is null && current.State == DisclosureState.Approved ? current with { Package = built } : current, CancellationToken.None);
        return recorded?.Package ?? built;
    }
}

/// <summary>Starts a request's <see cref="PrepareDisclosurePackage"/> (instance id from the request), or starts it again if it was lost or failed.</summary>
public sealed class DisclosurePackagingWorkflow(IWorkflowSignals workflows)
{
    public Task EnsureStartedAsync(string incidentId, string requestId, CancellationToken cancellationToken) =>
        workflows.StartIfNewAsync(
            nameof(PrepareDisclosurePackage), PrepareDisclosurePackage.InstanceId(incidentId, requestId), new DisclosurePackaging(incidentId, requestId), restartIfFailed: true, cancellationToken);

    /// <summary>Whether the request's packaging is under way (or done); false when it was never started, failed or was stopped.</summary>
    public async Task<bool> IsUnderWayAsync(string incidentId, string requestId, CancellationToken cancellationToken) =>
        await workflows.FindAsync(PrepareDisclosurePackage.InstanceId(incidentId, requestId), withOutput: false, cancellationToken)
            is { Status: WorkflowRuntimeStatus.Pending or WorkflowRuntimeStatus.Running or WorkflowRuntimeStatus.Completed or WorkflowRuntimeStatus.Suspended };

    /// <summary>Deletes the packaging workflow's history (the retention purge); how many instances were purged.</summary>
    public Task<int> DeleteHistoryAsync(string incidentId, string requestId, CancellationToken cancellationToken) =>
        workflows.DeleteHistoryAsync(PrepareDisclosurePackage.InstanceId(incidentId, requestId), "retention purge", cancellationToken);
}
