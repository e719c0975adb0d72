using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Tasks;

namespace EsafetyServerless.Workflows.Registers;

/// <summary>
/// Who may do what with an agency's registers and its compliance (docs/domain.md, "Roles" and "Requirements"). The
/// registers belong to the agency: only its own people use them, and the board admin sees the compliance view, never
/// the registers (they hold AUP signers' names). The e-safety officer and senior manager keep every register; the IT
/// technician keeps the technology inventory and filtering, and reads the rest; other staff see only the staff AUP
/// (to sign it) and an item whose review was delegated to them. Reviews are recorded by the item's owner, the senior
/// manager or the person the review was delegated to. Each rule answers with the failure to return, or null when the
/// action is allowed.
/// </summary>
public static class RegisterPermissions
{
    /// <summary>Those who keep the registers: every kind, the AUPs' documents and signatures.</summary>
    public const Roles Keepers = Roles.EsafetyLeads;

    /// <summary>Those who see the registers page and every item on it.</summary>
    public const Roles Readers = Roles.EsafetyLeads | Roles.Technician;

    /// <summary>Everyone in an agency: each may open what the rules below let them see (the staff AUP, a delegated review).</summary>
    public const Roles Members = Roles.AgencyMembers;

    /// <summary>Those who see an agency's compliance checks: its e-safety leads, and the board admin for every agency.</summary>
    public const Roles ComplianceReaders = Roles.EsafetyLeads | Roles.BoardAdmin;

    /// <summary>Those who see every agency's compliance side by side.</summary>
    public const Roles Board = Roles.BoardAdmin;

    public const string UseRefusal = "You can use only your own agency's registers.";
    public const string SeeRefusal = "Staff see the staff acceptable use policy, and any review delegated to them.";
    public const string ReviewRefusal = "The item's owner, the senior manager or the person the review was delegated to records it.";
    public const string DelegateRefusal = "The senior manager, or whoever holds the review now, may delegate it.";
    public const string SignRefusal = "Staff sign the staff AUP for themselves; the e-safety officer records other signatures.";

    /// <summary>Only the agency's own people use its registers; the board admin acts for the board, not an agency.</summary>
    public static Failure? ToUse(Actor actor, string agencyId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.IsMemberOf(agencyId, Members) ? null : Outcome.Forbidden(UseRefusal);
    }

    public static Failure? ToList(Actor actor, string agencyId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return ToUse(actor, agencyId)
            ?? (actor.IsMemberOf(agencyId, Readers) ? null : Outcome.Forbidden("Only the e-safety officer, the senior manager and the IT technician see the registers."));
    }

    /// <summary>Officer and senior manager record every kind; the technician the technology inventory and filtering.</summary>
    public static bool MayWrite(Actor actor, RegisterKind kind)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.HasAny(Roles.EsafetyLeads)
            || (actor.Roles.Contains(Role.Technician) && kind is RegisterKind.Filtering or RegisterKind.Technology);
    }

    public static Failure? ToRecord(Actor actor, string agencyId, RegisterKind kind) =>
        ToUse(actor, agencyId) ?? (MayWrite(actor, kind) ? null : Outcome.Forbidden("Your role cannot record this kind of register item."));

    public static Failure? ToChange(Actor actor, RegisterItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return ToUse(actor, item.AgencyId) ?? (MayWrite(actor, item.Kind) ? null : Outcome.Forbidden("Your role cannot change this kind of register item."));
    }

    /// <summary>The AUPs' documents and their signatures are kept by the officer and senior manager.</summary>
    public static bool KeepsAups(Actor actor, string agencyId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.IsMemberOf(agencyId, Keepers);
    }

    public static Failure? ToKeepAups(Actor actor, string agencyId) =>
        ToUse(actor, agencyId) ?? (KeepsAups(actor, agencyId) ? null : Outcome.Forbidden("Only the e-safety officer and senior manager keep the AUPs."));

    /// <summary>
    /// Whether the actor owns the item's review by role: the senior manager any item, the officer any but filtering,
    /// and the item's owner role (<see cref="ReviewCycle.OwnerRole"/>, the technician for filtering).
    /// </summary>
    public static bool OwnsReview(Actor actor, RegisterItem item)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(item);
        return actor.IsMemberOf(item.AgencyId, Members)
            && (actor.Roles.Contains(Role.SeniorManager) || actor.Roles.Contains(ReviewCycle.OwnerRole(item.Kind)) || (actor.Roles.Contains(Role.EsafetyOfficer) && item.Kind != RegisterKind.Filtering));
    }

    /// <param name="cycleTask">The task of the item's current review cycle, if one was opened.</param>
    public static bool MayReview(Actor actor, RegisterItem item, WorkTask? cycleTask)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return OwnsReview(actor, item)
            || (actor.IsMemberOf(item.AgencyId, Members) && cycleTask is not null && cycleTask.AssigneePersonId == actor.PersonId);
    }

    public static Failure? ToReview(Actor actor, RegisterItem item, WorkTask? cycleTask) =>
        MayReview(actor, item, cycleTask) ? null : Outcome.Forbidden(ReviewRefusal);

    /// <summary>
    /// Those who keep or read the registers see every item; other staff see only the staff AUP and an item whose
    /// review was delegated to them — never risk assessments, training records or review histories otherwise.
    /// </summary>
    public static bool MaySee(Actor actor, RegisterItem item, WorkTask? cycleTask)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(item);
        return actor.IsMemberOf(item.AgencyId, Readers)
            || (actor.IsMemberOf(item.AgencyId, Members) && item.Kind == RegisterKind.Aup && item.Aup?.Audience == AupAudience.Staff)
            || MayReview(actor, item, cycleTask);
    }

    public static Failure? ToSee(Actor actor, RegisterItem item, WorkTask? cycleTask) =>
        MaySee(actor, item, cycleTask) ? null : Outcome.Forbidden(SeeRefusal);

    /// <summary>The officer and senior manager record anyone's signature; everyone else signs the staff AUP, for themselves only.</summary>
    public static Failure? ToSign(Actor actor, RegisterItem aup)
    {
        ArgumentNullException.ThrowIfNull(aup);
        return ToUse(actor, aup.AgencyId)
            ?? (KeepsAups(actor, aup.AgencyId) || aup.Aup?.Audience == AupAudience.Staff ? null : Outcome.Forbidden(SignRefusal));
    }

    /// <summary>The senior manager, or whoever holds the open review now, may hand it to another person of the agency.</summary>
    public static bool MayDelegate(WorkTask task, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(actor);
        return task.State == WorkTaskState.Open && actor.IsMemberOf(task.AgencyId, Members)
            && (actor.Roles.Contains(Role.SeniorManager) || task.IsFor(actor.Person));
    }

    /// <summary>Whom a review may be delegated to: a person of the agency (not a board admin).</summary>
    public static bool MayReceiveDelegation(Person person, string agencyId)
    {
        ArgumentNullException.ThrowIfNull(person);
        return person.AgencyId == agencyId && person.ActsAsAny(Roles.AgencyMembers);
    }

    /// <summary>The agency's e-safety leads see its compliance; the board admin sees every agency's.</summary>
    public static Failure? ToSeeCompliance(Actor actor, string agencyId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        bool allowed = actor.HasAny(Roles.BoardAdmin) || actor.IsMemberOf(agencyId, Roles.EsafetyLeads);
        return allowed ? null : Outcome.Forbidden("You can see only your own agency's compliance.");
    }

    public static Failure? ToSeeBoardCompliance(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.HasAny(Board) ? null : Outcome.Forbidden("Only the board's administrators see every agency's compliance.");
    }

    public static Failure NotFound() => Outcome.NotFound("There is no register item with that id in this agency.");

    public static Failure AupNotFound() => Outcome.NotFound("There is no acceptable use policy with that id in this agency.");
}
