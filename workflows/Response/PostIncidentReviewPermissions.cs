using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Tasks;

namespace EsafetyServerless.Workflows.Response;

/// <summary>
/// Who may do what with the post-incident review (docs/domain.md, "Roles"): the agency's senior manager owns it and may
/// delegate it to one of the agency's e-safety officers, who may then complete it; both see it; nobody outside the
/// agency does. Each rule answers with the failure to return, or null when the action is allowed.
/// </summary>
public static class PostIncidentReviewPermissions
{
    /// <summary>Those who see the review (and complete it when they hold it): the agency's e-safety leads.</summary>
    public const Roles Reviewers = Roles.EsafetyLeads;

    /// <summary>Who delegates the review: its owner, the senior manager.</summary>
    public const Roles Delegators = Roles.SeniorManager;

    public static Failure? ToSee(Actor actor, Incident incident)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(incident);
        return IncidentPermissions.KeepsTheLog(actor, incident.AgencyId)
            ? null
            : Outcome.Forbidden("Only the agency's senior manager and e-safety officer see its policy reviews.");
    }

    /// <summary>The senior manager, or the officer the review was delegated to.</summary>
    public static bool MayComplete(Actor actor, WorkTask task)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(task);
        return actor.IsMemberOf(task.AgencyId, Roles.SeniorManager) || task.AssigneePersonId == actor.PersonId;
    }

    public static Failure? ToComplete(Actor actor, WorkTask task) =>
        MayComplete(actor, task) ? null : Outcome.Forbidden("The senior manager completes the review, or the officer they delegated it to.");

    public static bool MayDelegate(Actor actor, WorkTask task)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(task);
        return actor.IsMemberOf(task.AgencyId, Delegators);
    }

    public static Failure? ToDelegate(Actor actor, WorkTask task) =>
        MayDelegate(actor, task) ? null : Outcome.Forbidden("Only the senior manager can delegate the review.");

    public static Failure NoReview() => Outcome.NotFound("This incident has no policy review: only serious incidents do.");
}
