using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Evidence;

/// <param name="ExpectedSha256">The hash taken when the file arrived.</param>
/// <param name="ActualSha256">The hash of the bytes stored now.</param>
public sealed record VerifiedItem(string EvidenceId, string ExpectedSha256, string ActualSha256, bool Intact);

public sealed record EvidenceVerification(bool Intact, IReadOnlyList<VerifiedItem> Items);

/// <summary>
/// A technician or the e-safety officer re-hashes every stored file of the incident and compares it with the hash
/// taken on arrival: a mismatch means the stored bytes were changed. The check is a custody entry.
/// </summary>
public sealed class VerifyEvidence(IIncidentStore incidents, EvidenceUploads register, IEvidenceVault vault, CustodyRecorder custody) : IUseCase
{
    public async Task<Outcome<EvidenceVerification>> ExecuteAsync(Actor actor, string incidentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Outcome<Incident> found = await EvidencePermissions.FindToHandleAsync(incidents, actor, incidentId, cancellationToken);
        if (found.Failure is { } refused)
        {
            return refused;
        }

        Incident incident = found.Value;

        List<VerifiedItem> results = [];
        foreach (EvidenceItem item in await register.ListAsync(incident, cancellationToken))
        {
            if (item.File is { } file)
            {
                string now = await vault.RehashAsync(file.BlobName, cancellationToken);
                results.Add(new VerifiedItem(item.EvidenceId, file.Sha256, now, now == file.Sha256));
            }
        }

        bool intact = results.All(r => r.Intact);
        await custody.RecordAsync(actor, incident, CustodyActions.Verify, incident.IncidentId, intact ? "all intact" : "MISMATCH");
        return new EvidenceVerification(intact, results);
    }
}
