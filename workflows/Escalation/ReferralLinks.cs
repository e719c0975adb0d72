using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Links;

namespace EsafetyServerless.Workflows.Escalation;

/// <summary>
/// The signed link in a referral notice, as its holder presents it: they have no account here, so the link is their
/// authority. <see cref="From"/> is the address the request came from, for the audit trail.
/// </summary>
public sealed record ReferralLink(string Token, string? From);

/// <summary>
/// What the holder of a referral link sees: enough to recognise the referral and reach the agency's e-safety
/// officer, never the names of the people involved.
/// </summary>
/// <param name="Category">What kind of concern it is, in the notice's words.</param>
/// <param name="ExternalReference">The target's reference, once acknowledged.</param>
public sealed record Referral(
    string AgencyName,
    string IncidentReference,
    EscalationTarget Target,
    string Category,
    EscalationUrgency Urgency,
    DateTimeOffset AcknowledgeBy,
    IReadOnlyList<OfficerContact> Officers,
    bool Acknowledged,
    string? ExternalReference);

/// <summary>How the holder of a referral link can reach the agency's e-safety officer.</summary>
public sealed record OfficerContact(string Name, string Email);

/// <summary>A referral link that checked out: the escalation it names, and who holds it (for the audit trail).</summary>
public sealed record OpenedReferral(Incident Incident, EscalationRecord Escalation, Agency? Agency, IReadOnlyList<Person> Officers, LinkHolder Holder)
{
    public Referral ToReferral() => new(
        this.Agency?.Name ?? this.Incident.AgencyId,
        this.Incident.Reference,
        this.Escalation.Target,
        EscalationDispatcher.Category(this.Incident),
        EscalationDeadlines.UrgencyOf(this.Escalation.Target),
        this.Escalation.DueAt,
        this.Officers.Select(o => new OfficerContact(o.DisplayName, o.Email)).ToList(),
        this.Escalation.State == EscalationState.Acknowledged,
        this.Escalation.ExternalReference);
}

/// <summary>
/// Opens the escalation a referral link points at (the links <see cref="EscalationDispatcher"/> signs), or says why
/// not: a changed link is refused, an old one has expired, and a referral the agency no longer holds is gone.
/// </summary>
public sealed class ReferralLinks(SignedLinks links, IIncidentStore incidents, IPeopleDirectory directory, AuditRecorder audit, TimeProvider timeProvider)
{
    /// <summary>What the audit trail calls a link holder.</summary>
    public const string HolderRole = "ExternalRecipient";

    public async Task<Outcome<OpenedReferral>> OpenAsync(ReferralLink link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        LinkCheck check = links.Verify(EscalationDispatcher.LinkPurpose, link.Token, timeProvider.GetUtcNow());
        if (check.Result == LinkCheckResult.Tampered)
        {
            return new Failure(FailureKind.Forbidden, "This link is not valid",
                "The link has been changed or is incomplete. Open the link exactly as it is in the notice you received, or contact the agency's e-safety officer.");
        }

        if (check.Result == LinkCheckResult.Expired)
        {
            return Outcome.Gone("This link has expired", "Links in referral notices work for 14 days. Contact the agency's e-safety officer, who can give you the details by phone.");
        }

        string escalationId = check.SubjectId!;
        Incident? incident = null;
        foreach (int dash in Enumerable.Range(0, escalationId.Length).Where(i => escalationId[i] == '-').Reverse())
        {
            // The escalation id is "{incidentId}-{target}", and a target may itself contain a dash ("first-response").
            incident = await incidents.FindAsync(escalationId[..dash], cancellationToken);
            if (incident is not null)
            {
                break;
            }
        }

        EscalationRecord? escalation = incident?.Plan?.Escalations.FirstOrDefault(e => e.EscalationId == escalationId);
        if (incident is null || escalation is null)
        {
            return Outcome.Gone("This referral is no longer held", "The agency no longer holds this referral. Contact its e-safety officer.");
        }

        Agency? agency = await directory.GetAgencyAsync(incident.AgencyId, cancellationToken);
        IReadOnlyList<Person> officers = (await directory.ListPeopleAsync(incident.AgencyId, cancellationToken)).Where(p => p.ActsAs(Role.EsafetyOfficer)).ToList();
        return new OpenedReferral(incident, escalation, agency, officers, new LinkHolder("recipient:" + WireNames.Of(escalation.Target), HolderRole, link.From));
    }

    /// <summary>The holder's action in the agency's audit trail, against the incident.</summary>
    public Task AuditAsync(OpenedReferral opened, string action, string detail)
    {
        ArgumentNullException.ThrowIfNull(opened);
        return audit.RecordForLinkHolderAsync(opened.Holder, opened.Incident.AgencyId, action, opened.Incident.IncidentId, detail);
    }
}
