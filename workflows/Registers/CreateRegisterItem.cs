using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Tasks;

namespace EsafetyServerless.Workflows.Registers;

/// <summary>
/// Records a register item (the form or the API). Its review cycle starts from when it was last reviewed (or today);
/// a new technology sets off <see cref="NewTechnology"/>: every AUP flagged for review and, when children can use it
/// without a risk assessment, the officer's risk-assessment task.
/// </summary>
public sealed class CreateRegisterItem(IRegisterStore registers, ITaskStore tasks, IPeopleDirectory directory, AuditRecorder audit, TimeProvider timeProvider) : IUseCase
{
    public async Task<Outcome<RegisterItem>> ExecuteAsync(Actor actor, string agencyId, RegisterItemDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(draft);
        if (RegisterPermissions.ToUse(actor, agencyId) is { } denied)
        {
            return denied;
        }

        // A draft without a kind is refused by the validation below, with the kinds to choose from.
        if (draft.Kind is { } kind && RegisterPermissions.ToRecord(actor, agencyId, kind) is { } refused)
        {
            return refused;
        }

        FieldErrors errors = new();
        DateTimeOffset now = timeProvider.GetUtcNow();
        RegisterItem? item = RegisterValidation.ToItem(draft, null, agencyId, actor.PersonId, now, await AgencyPeopleAsync(directory, agencyId, cancellationToken), errors);
        if (item is null)
        {
            return Outcome.Invalid(errors);
        }

        await registers.CreateAsync(item, cancellationToken);
        await audit.RecordAsync(actor, agencyId, AuditActions.Create, item.ItemId, "kind=" + WireNames.Of(item.Kind));
        if (item.Kind == RegisterKind.Technology)
        {
            await NewTechnology.RespondAsync(registers, tasks, item, now, cancellationToken);
        }

        return item;
    }

    /// <summary>The ids of the agency's people, whom an item may name.</summary>
    public static async Task<IReadOnlySet<string>> AgencyPeopleAsync(IPeopleDirectory directory, string agencyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return (await directory.ListPeopleAsync(agencyId, cancellationToken)).Select(p => p.PersonId).ToHashSet(StringComparer.Ordinal);
    }
}
