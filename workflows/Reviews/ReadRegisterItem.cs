using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Registers;
using EsafetyServerless.Workflows.Tasks;

namespace EsafetyServerless.Workflows.Reviews;

/// <summary>
/// One register item with where its review cycle stands, as the person asking may see it
/// (<see cref="RegisterPermissions.MaySee"/>): those who keep or read the registers see any item; other staff the
/// staff AUP and an item whose review was delegated to them. The AUP's signatures only for those who keep the AUPs.
/// Every read is audited.
/// </summary>
public sealed class ReadRegisterItem(IRegisterStore registers, ITaskStore tasks, IPeopleDirectory directory, AuditRecorder audit) : IUseCase
{
    /// <param name="view">Where it is read ("page"), for the audit entry; null for the API.</param>
    public async Task<Outcome<RegisterItemCase>> ExecuteAsync(Actor actor, string agencyId, string itemId, string? view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (RegisterPermissions.ToUse(actor, agencyId) is { } denied)
        {
            return denied;
        }

        RegisterItem? item = await registers.FindAsync(agencyId, itemId, cancellationToken);
        if (item is null)
        {
            return RegisterPermissions.NotFound();
        }

        WorkTask? cycleTask = await CycleTaskAsync(tasks, item, cancellationToken);
        if (RegisterPermissions.ToSee(actor, item, cycleTask) is { } refused)
        {
            return refused;
        }

        await audit.RecordAsync(actor, agencyId, AuditActions.Read, item.ItemId, view);
        IReadOnlyList<Person> people = await directory.ListPeopleAsync(agencyId, cancellationToken);
        IReadOnlyList<AupSignature>? signatures = item.Aup is not null && RegisterPermissions.KeepsAups(actor, agencyId)
            ? await registers.ListSignaturesAsync(agencyId, item.ItemId, cancellationToken)
            : null;
        return new RegisterItemCase(item, cycleTask, people, signatures);
    }

    /// <summary>The task of the item's current review cycle (opened by its workflow when the review fell due), or null.</summary>
    public static async Task<WorkTask?> CycleTaskAsync(ITaskStore tasks, RegisterItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(item);
        return item.NextReviewDue is { } due ? await tasks.FindAsync(item.AgencyId, ReviewInstances.TaskIdFor(item.ItemId, due), cancellationToken) : null;
    }
}

/// <summary>A register item as read by one person.</summary>
/// <param name="CycleTask">The current review cycle's task, if its review has fallen due.</param>
/// <param name="People">The agency's people, to name reviewers, those responsible for actions and signers.</param>
/// <param name="Signatures">The AUP's signatures, newest first, for those who keep the AUPs; otherwise null.</param>
public sealed record RegisterItemCase(RegisterItem Item, WorkTask? CycleTask, IReadOnlyList<Person> People, IReadOnlyList<AupSignature>? Signatures);
