using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Intake;

/// <summary>
/// Who may do what with emails from unknown senders (docs/domain.md, "Roles"): the agency's e-safety officer and
/// senior manager see them, as they keep the incident log; only the e-safety officer accepts one as an incident or
/// dismisses it. Nobody sees another agency's. Each rule answers with the failure to return, or null when allowed.
/// </summary>
public static class UnverifiedReportPermissions
{
    /// <summary>Those who see the waiting emails.</summary>
    public const Roles Readers = Roles.EsafetyLeads;

    /// <summary>Those who accept or dismiss them.</summary>
    public const Roles Deciders = Roles.EsafetyOfficer;

    public static bool MayDecide(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.IsMemberOf(actor.AgencyId, Deciders);
    }

    public static Failure? ToList(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.IsMemberOf(actor.AgencyId, Readers)
            ? null
            : Outcome.Forbidden("Only the agency's e-safety officer and senior manager see emails from unknown senders.");
    }

    public static Failure? ToDecide(Actor actor) =>
        MayDecide(actor) ? null : Outcome.Forbidden("Only the agency's e-safety officer accepts or dismisses emails from unknown senders.");

    public static Failure NotFound() => Outcome.NotFound("There is no unverified report with that id in your agency.");
}
