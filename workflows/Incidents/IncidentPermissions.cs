using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Incidents;

/// <summary>
/// Who may do what with the incident log (docs/domain.md, "Roles"): everyone who works in an agency reports; the
/// agency's e-safety officer and senior manager keep the log; a reporter sees only what they reported; nobody sees
/// another agency's incidents, and the board admin sees no children's details. Each rule answers with the failure to
/// return, or null when the action is allowed.
/// </summary>
public static class IncidentPermissions
{
    /// <summary>Everyone who works in an agency may report (board admins act for the board, not an agency).</summary>
    public const Roles Reporters = Roles.AgencyMembers;

    /// <summary>Those who keep the agency's incident log: read every incident, record actions and conclusions.</summary>
    public const Roles LogKeepers = Roles.EsafetyLeads;

    public const string ChangeRefusal = "Only the agency's e-safety officer and senior manager can change an incident.";

    public static bool KeepsTheLog(Actor actor, string agencyId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.IsMemberOf(agencyId, LogKeepers);
    }

    public static Failure? ToReport(Actor actor, string agencyId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.IsMemberOf(agencyId, Reporters) ? null : Outcome.Forbidden("You can only report incidents for your own agency.");
    }

    public static Failure? ToRead(Actor actor, Incident incident)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(incident);
        bool allowed = actor.IsMemberOf(incident.AgencyId, Reporters)
            && (KeepsTheLog(actor, incident.AgencyId) || incident.ReportedBy == actor.PersonId);
        return allowed ? null : Outcome.Forbidden("You can see only the incidents you reported, unless you lead e-safety for the agency.");
    }

    public static Failure? ToChange(Actor actor, Incident incident)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(incident);
        return KeepsTheLog(actor, incident.AgencyId) ? null : Outcome.Forbidden(ChangeRefusal);
    }

    public static Failure? ToKeepTheLog(Actor actor, string agencyId) =>
        KeepsTheLog(actor, agencyId) ? null : Outcome.Forbidden("Only the agency's e-safety officer and senior manager see its incident log.");

    public static Failure NotFound() => Outcome.NotFound("There is no incident with that id.");

    /// <summary>The readers' shared first step: the incident the actor may see (whole or as its reporter), or why not.</summary>
    public static async Task<Outcome<Incident>> FindToReadAsync(IIncidentStore store, Actor actor, string incidentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        Incident? incident = await store.FindAsync(incidentId, cancellationToken);
        return incident is null ? NotFound() : ToRead(actor, incident) is { } denied ? denied : incident;
    }

    /// <summary>The use cases' shared first step: the incident the actor may change, or why not (none such; not theirs to change).</summary>
    public static async Task<Outcome<Incident>> FindToChangeAsync(IIncidentStore store, Actor actor, string incidentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        Incident? incident = await store.FindAsync(incidentId, cancellationToken);
        return incident is null ? NotFound() : ToChange(actor, incident) is { } denied ? denied : incident;
    }
}
