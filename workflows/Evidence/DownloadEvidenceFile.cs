using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Evidence;

/// <summary>A stored file opened for download: its record, and its bytes (the caller disposes the stream).</summary>
public sealed record EvidenceFileContent(EvidenceFile File, Stream Content);

/// <summary>
/// A technician or the e-safety officer downloads (or views) a stored file: allowed with a reason, which the chain of
/// custody records with the download.
/// </summary>
public sealed class DownloadEvidenceFile(IIncidentStore incidents, IEvidenceRegister register, IEvidenceVault vault, CustodyRecorder custody) : IUseCase
{
    public async Task<Outcome<EvidenceFileContent>> ExecuteAsync(Actor actor, string incidentId, string evidenceId, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Outcome<Incident> found = await EvidencePermissions.FindToHandleAsync(incidents, actor, incidentId, cancellationToken);
        if (found.Failure is { } refused)
        {
            return refused;
        }

        Incident incident = found.Value;

        FieldErrors errors = new();
        string? why = EvidenceText.Required(reason, "reason", "why you need the file (it is recorded in the chain of custody)", 500, errors);
        if (why is null)
        {
            return Outcome.Invalid(errors);
        }

        if (await register.FindAsync(incident.IncidentId, evidenceId, cancellationToken) is not { File: { } file })
        {
            return Outcome.NotFound("There is no stored file with that id on this incident.");
        }

        await custody.RecordAsync(actor, incident, CustodyActions.Download, evidenceId, "reason=" + why);
        return new EvidenceFileContent(file, await vault.OpenReadAsync(file.BlobName, cancellationToken));
    }
}
