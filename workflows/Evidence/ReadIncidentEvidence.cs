using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Tasks;

namespace EsafetyServerless.Workflows.Evidence;

/// <summary>An incident's evidence as one person may see it.</summary>
/// <param name="FullRecord">
/// True for those who handle the evidence (technicians, the e-safety officer): the register, reviews and chain of
/// custody are theirs. False for the senior manager, who sees the hold, the disclosure requests and the retention date
/// to decide on them; <see cref="Items"/>, <see cref="Reviews"/> and <see cref="Custody"/> are then empty.
/// </param>
/// <param name="People">The agency's people, for names and for choosing a review's two reviewers.</param>
/// <param name="Securing">The response's "secure the evidence" task, for those who handle the evidence; null when the response asked for none.</param>
public sealed record IncidentEvidence(
    Incident Incident,
    bool FullRecord,
    LegalHold? Hold,
    IReadOnlyList<EvidenceItem> Items,
    IReadOnlyList<DeviceReview> Reviews,
    IReadOnlyList<DisclosureRequest> Disclosures,
    RetentionEntry? Retention,
    IReadOnlyList<CustodyRecord> Custody,
    IReadOnlyList<Person> People,
    WorkTask? Securing = null)
{
    /// <summary>A person's name from the directory, or their id when they are no longer in it ("system" for the automatic hold).</summary>
    public string NameOf(string personId) =>
        this.People.FirstOrDefault(p => p.PersonId == personId)?.DisplayName
        ?? (personId == IncidentAction.SystemActor ? "the system" : personId);

    /// <summary>What a custody entry is about, in words: an item's title, or "the incident" for the incident as a whole.</summary>
    public string SubjectOf(string subject) =>
        subject == this.Incident.IncidentId ? "the incident"
        : this.Items.FirstOrDefault(i => i.EvidenceId == subject) is { } item ? item.Title
        : this.Disclosures.FirstOrDefault(d => d.RequestId == subject) is { } request ? "the disclosure request " + request.RequesterReference
        : subject;

    public bool InvolvesIndecentImages => this.Incident.Report.Concerns?.IllegalKinds.Contains(IllegalKind.IndecentImagesOfChildren) == true;
}

/// <summary>
/// Everything about an incident's evidence in one read, for the evidence page: the legal hold, the register, the
/// device reviews, the disclosure requests, the retention date and the chain of custody, as far as the reader's role
/// allows (<see cref="IncidentEvidence.FullRecord"/>). Looking is a custody entry, recorded before the log is read so
/// the log shown includes it.
/// </summary>
public sealed class ReadIncidentEvidence(
    IIncidentStore incidents, EvidenceUploads register, IDeviceReviews reviews, ILegalHolds holds, IDisclosureRequests disclosures,
    IRetentionSchedule retention, IPeopleDirectory directory, CustodyLog custodyLog, CustodyRecorder custody, ITaskStore tasks) : IUseCase
{
    /// <param name="view">Where it is read ("evidence page"), for the custody entry.</param>
    public async Task<Outcome<IncidentEvidence>> ExecuteAsync(Actor actor, string incidentId, string view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Incident? incident = await incidents.FindAsync(incidentId, cancellationToken);
        if (incident is null)
        {
            return IncidentPermissions.NotFound();
        }

        if (EvidencePermissions.ToView(actor, incident) is { } denied)
        {
            return denied;
        }

        await custody.RecordAsync(actor, incident, CustodyActions.View, incident.IncidentId, view);
        bool full = EvidencePermissions.Handles(actor, incident.AgencyId);
        string id = incident.IncidentId;
        return new IncidentEvidence(
            incident,
            full,
            await holds.FindAsync(id, cancellationToken),
            full ? (await register.ListAsync(incident, cancellationToken)).OrderBy(i => i.AddedAt).ToList() : [],
            full ? (await reviews.ListAsync(id, cancellationToken)).OrderBy(r => r.ReviewedAt).ToList() : [],
            (await disclosures.ListAsync(id, cancellationToken)).OrderBy(d => d.RecordedAt).ToList(),
            await retention.FindAsync(id, cancellationToken),
            full ? await custodyLog.ReadAsync(incident, cancellationToken) : [],
            await directory.ListPeopleAsync(incident.AgencyId, cancellationToken),
            full ? await tasks.FindAsync(incident.AgencyId, MarkEvidenceSecured.TaskIdFor(id), cancellationToken) : null);
    }
}
