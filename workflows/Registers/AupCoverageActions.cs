using System.Globalization;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Notifications;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Registers;

/// <summary>
/// Who has signed the current version of an AUP, for those who keep the AUPs (the e-safety officer and senior
/// manager): staff by name against the directory, children and parents by group counts. Audited: it names staff.
/// </summary>
public sealed class ReadAupCoverage(IRegisterStore registers, IPeopleDirectory directory, AuditRecorder audit) : IUseCase
{
    /// <param name="view">Where it is read ("page", "csv"), for the audit entry; null for the API.</param>
    public async Task<Outcome<AupCoverage>> ExecuteAsync(Actor actor, string agencyId, string itemId, string? view, CancellationToken cancellationToken)
    {
        if (await AupCoverageRules.AupToKeepAsync(registers, actor, agencyId, itemId, cancellationToken) is not { } aup)
        {
            return AupCoverageRules.Refusal(actor, agencyId);
        }

        AupCoverage coverage = AupCoverage.Of(aup, await registers.ListSignaturesAsync(agencyId, itemId, cancellationToken), await directory.ListPeopleAsync(agencyId, cancellationToken));
        await audit.RecordAsync(actor, agencyId, AuditActions.List, itemId, "coverage" + (view is null ? string.Empty : " view=" + view));
        return coverage;
    }
}

/// <param name="HaveSigned">How many in the group have signed the current version.</param>
/// <param name="OutOf">How many are in the group.</param>
public sealed record GroupSignaturesDraft(string? Group, int? HaveSigned, int? OutOf);

/// <summary>
/// The officer or senior manager records how many in a class or group have signed a children's or parents' AUP
/// (the product keeps no pupil roster). A later count for the same group replaces the earlier one.
/// </summary>
public sealed class RecordGroupSignatures(IRegisterStore registers, AuditRecorder audit, TimeProvider timeProvider) : IUseCase
{
    public const int MaxGroupSize = 5_000;

    public async Task<Outcome<AupGroupCount>> ExecuteAsync(Actor actor, string agencyId, string itemId, GroupSignaturesDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(draft);
        if (await AupCoverageRules.AupToKeepAsync(registers, actor, agencyId, itemId, cancellationToken) is not { } aup)
        {
            return AupCoverageRules.Refusal(actor, agencyId);
        }

        FieldErrors errors = new();
        if (aup.Aup!.Audience == AupAudience.Staff)
        {
            errors.Add("group", "Staff sign the staff AUP one by one: their signatures are counted against the directory");
            return Outcome.Invalid(errors);
        }

        string? group = TextRules.Required(draft.Group, "group", "Enter the class or group (for example Year 5 Oak)", 100, "The class or group", errors);
        if (draft.OutOf is not (> 0 and <= MaxGroupSize))
        {
            errors.Add("outOf", string.Create(CultureInfo.InvariantCulture, $"Enter how many are in the group, from 1 to {MaxGroupSize}"));
        }

        if (draft.HaveSigned is not { } signed || signed < 0)
        {
            errors.Add("haveSigned", "Enter how many have signed, 0 or more");
        }
        else if (draft.OutOf is { } outOf && signed > outOf)
        {
            errors.Add("haveSigned", "More have signed than are in the group: check both numbers");
        }

        if (errors.Any)
        {
            return Outcome.Invalid(errors);
        }

        AupGroupCount count = new(group!, draft.HaveSigned!.Value, draft.OutOf!.Value);
        AupSignature signature = new(agencyId, itemId, aup.Aup.Version, AupCoverage.GroupSignerPrefix + group, SignedBy.Self, null, timeProvider.GetUtcNow(), actor.PersonId) { Group = count };
        await registers.AddSignatureAsync(signature, cancellationToken);
        await audit.RecordAsync(actor, agencyId, AuditActions.Create, itemId, string.Create(CultureInfo.InvariantCulture, $"group signatures version={aup.Aup.Version} signed={count.HaveSigned} of={count.OutOf}"));
        return count;
    }
}

/// <summary>What asking for reminders did: sent now, already sent today (a second click sends none twice), not sent yet (the mail server did not answer), refused.</summary>
public sealed record AupReminders(int Sent, int AlreadySentToday, int NotSentYet, int Refused);

/// <summary>
/// The officer or senior manager emails every active member of staff who has not signed the current staff AUP, with a
/// link to read and sign it. Each person gets one reminder a day however often it is asked for (the notice outbox).
/// </summary>
public sealed class RemindUnsignedStaff(
    IRegisterStore registers, IPeopleDirectory directory, NoticeDelivery notices, INoticeOutbox outbox, AppLinks links, AuditRecorder audit, TimeProvider timeProvider) : IUseCase
{
    public async Task<Outcome<AupReminders>> ExecuteAsync(Actor actor, string agencyId, string itemId, CancellationToken cancellationToken)
    {
        if (await AupCoverageRules.AupToKeepAsync(registers, actor, agencyId, itemId, cancellationToken) is not { } aup)
        {
            return AupCoverageRules.Refusal(actor, agencyId);
        }

        if (aup.Aup!.Audience != AupAudience.Staff)
        {
            return Outcome.Invalid("group", "Reminders go to staff: children and parents sign by class or group");
        }

        AupCoverage coverage = AupCoverage.Of(aup, await registers.ListSignaturesAsync(agencyId, itemId, cancellationToken), await directory.ListPeopleAsync(agencyId, cancellationToken));
        string day = UkTime.ToLocal(timeProvider.GetUtcNow()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string groupId = "aup-reminders/" + agencyId + "/" + itemId + "/" + day;
        HashSet<string> before = (await outbox.ListAsync(groupId, cancellationToken)).Where(n => n.State == NoticeState.Sent).Select(n => n.NoticeId).ToHashSet(StringComparer.Ordinal);
        string link = links.To(RegisterPaths.Item(aup));
        List<Notice> owed = coverage.UnsignedStaff
            .Select(p => new Notice(p.PersonId + "/" + aup.Aup.Version, new OutgoingEmail(
                p.Email,
                "Please sign the staff acceptable use policy",
                "Hello " + p.DisplayName + ",\n\n" +
                "Version " + aup.Aup.Version + " of \"" + aup.Title + "\" is waiting for your signature. Everyone who works here reads and signs the current version.\n\n" +
                "Read and sign it: " + link + "\n")))
            .ToList();
        NoticeReport report = owed.Count == 0 ? NoticeReport.None : await notices.SendAsync(groupId, owed, cancellationToken);
        int already = owed.Count(n => before.Contains(n.NoticeId));
        int sentNow = Math.Max(0, report.Sent - before.Count);
        await audit.RecordAsync(actor, agencyId, AuditActions.Create, itemId, string.Create(CultureInfo.InvariantCulture, $"reminders version={aup.Aup.Version} owed={owed.Count} sent={sentNow}"));
        return new AupReminders(sentNow, already, report.Pending, report.Refused);
    }
}

/// <summary>The checks the coverage actions share: the item must be an AUP of the agency, and the actor keep the AUPs.</summary>
static class AupCoverageRules
{
    public static async Task<RegisterItem?> AupToKeepAsync(IRegisterStore registers, Actor actor, string agencyId, string itemId, CancellationToken cancellationToken)
    {
        if (RegisterPermissions.ToKeepAups(actor, agencyId) is not null)
        {
            return null;
        }

        RegisterItem? item = await registers.FindAsync(agencyId, itemId, cancellationToken);
        return item?.Aup is null ? null : item;
    }

    /// <summary>Why <see cref="AupToKeepAsync"/> found nothing: not allowed, or no such AUP.</summary>
    public static Failure Refusal(Actor actor, string agencyId) => RegisterPermissions.ToKeepAups(actor, agencyId) ?? RegisterPermissions.AupNotFound();
}
