using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Evidence;

/// <summary>
/// Who may do what with an incident's evidence (docs/domain.md, "Roles" and "Evidence"): the agency's IT technicians
/// and its e-safety officer handle the evidence (files, held items, reviews, disclosure requests, downloads,
/// verification, the chain of custody); the officer or the senior manager places a legal hold, and only the senior
/// manager releases one or decides a disclosure; only the officer confirms a retention purge. Nobody else — not staff,
/// not the board admin — and nobody from another agency. Each rule answers with the failure to return, or null when
/// the action is allowed.
/// </summary>
public static class EvidencePermissions
{
    /// <summary>Those who handle the evidence itself.</summary>
    public const Roles Handlers = Roles.Technician | Roles.EsafetyOfficer;

    /// <summary>Those who see the incident's evidence page and its disclosure requests: the handlers and the senior manager, who decides on them.</summary>
    public const Roles Viewers = Handlers | Roles.SeniorManager;

    public const Roles HoldPlacers = Roles.EsafetyLeads;

    public const Roles HoldReleasers = Roles.SeniorManager;

    public const Roles DisclosureDeciders = Roles.SeniorManager;

    /// <summary>Those who review records due for retention and confirm their purge.</summary>
    public const Roles RetentionReviewers = Roles.EsafetyOfficer;

    public static bool Handles(Actor actor, string agencyId) => Is(actor, agencyId, Handlers);

    public static bool MayPlaceHold(Actor actor, string agencyId) => Is(actor, agencyId, HoldPlacers);

    public static bool MayReleaseHold(Actor actor, string agencyId) => Is(actor, agencyId, HoldReleasers);

    public static bool MayDecideDisclosures(Actor actor, string agencyId) => Is(actor, agencyId, DisclosureDeciders);

    public static Failure? ToHandle(Actor actor, Incident incident) =>
        Allow(actor, incident, Handlers, "Only the agency's IT technicians and e-safety officer handle its evidence.");

    /// <summary>The evidence use cases' shared first step: the incident whose evidence the actor may handle, or why not.</summary>
    public static async Task<Outcome<Incident>> FindToHandleAsync(IIncidentStore incidents, Actor actor, string incidentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        Incident? incident = await incidents.FindAsync(incidentId, cancellationToken);
        return incident is null ? IncidentPermissions.NotFound() : ToHandle(actor, incident) is { } denied ? denied : incident;
    }

    public static Failure? ToView(Actor actor, Incident incident) =>
        Allow(actor, incident, Viewers, "Only the agency's IT technicians, e-safety officer and senior manager see an incident's evidence.");

    public static Failure? ToPlaceHold(Actor actor, Incident incident) =>
        Allow(actor, incident, HoldPlacers, "Only the agency's e-safety officer or senior manager places a legal hold.");

    public static Failure? ToReleaseHold(Actor actor, Incident incident) =>
        Allow(actor, incident, HoldReleasers, "Only the agency's senior manager can release a legal hold.");

    public static Failure? ToDecideDisclosure(Actor actor, Incident incident) =>
        Allow(actor, incident, DisclosureDeciders, "Only the agency's senior manager approves or refuses a disclosure.");

    public static Failure? ToPurge(Actor actor, Incident incident) =>
        Allow(actor, incident, RetentionReviewers, "Only the agency's e-safety officer confirms a retention purge.");

    /// <summary>The list of records due for retention review: the officer's own agency's.</summary>
    public static Failure? ToReviewRetention(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return Is(actor, actor.AgencyId, RetentionReviewers) ? null : Outcome.Forbidden("Only the agency's e-safety officer reviews the records due for retention.");
    }

    static Failure? Allow(Actor actor, Incident incident, Roles roles, string refusal)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return Is(actor, incident.AgencyId, roles) ? null : Outcome.Forbidden(refusal);
    }

    /// <summary>A member of the agency (never a board admin, who acts for the board) in one of the roles.</summary>
    static bool Is(Actor actor, string agencyId, Roles roles)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.IsMemberOf(agencyId, roles);
    }
}
