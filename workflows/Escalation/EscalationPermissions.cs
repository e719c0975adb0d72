using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Escalation;

/// <summary>
/// Who may do what with referrals outside the agency (docs/domain.md, "Roles"): the agency's e-safety officer and
/// senior manager record the reference a target gave them; the board admin decides how each target is reached. A
/// target's own acknowledgement needs no account: the signed link in its notice is its authority
/// (<see cref="ReferralLinks"/>). Each rule answers with the failure to return, or null when the action is allowed.
/// </summary>
public static class EscalationPermissions
{
    /// <summary>Those who record a referral's reference: the agency's e-safety leads.</summary>
    public const Roles ReferenceRecorders = Roles.EsafetyLeads;

    /// <summary>Those who decide how each target is reached, for the whole board.</summary>
    public const Roles ChannelKeepers = Roles.BoardAdmin;

    public static Failure? ToRecordReference(Actor actor, Incident incident)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(incident);
        return IncidentPermissions.KeepsTheLog(actor, incident.AgencyId)
            ? null
            : Outcome.Forbidden("Only the agency's e-safety officer and senior manager record referrals.");
    }

    public static Failure? ToKeepChannels(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.HasAny(ChannelKeepers) ? null : Outcome.Forbidden("Only the board administrator decides how referrals are made.");
    }
}
