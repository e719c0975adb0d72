using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Registers;

/// <summary>Replaces an item's facts; its kind, the AUP version's document (while the version stays) and its review history are kept.</summary>
public sealed class UpdateRegisterItem(IRegisterStore registers, IPeopleDirectory directory, AuditRecorder audit, TimeProvider timeProvider) : IUseCase
{
    public async Task<Outcome<RegisterItem>> ExecuteAsync(Actor actor, string agencyId, string itemId, RegisterItemDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(draft);
        if (RegisterPermissions.ToUse(actor, agencyId) is { } denied)
        {
            return denied;
        }

        RegisterItem? existing = await registers.FindAsync(agencyId, itemId, cancellationToken);
        if (existing is null)
        {
            return RegisterPermissions.NotFound();
        }

        if (RegisterPermissions.ToChange(actor, existing) is { } refused)
        {
            return refused;
        }

        FieldErrors errors = new();
        IReadOnlySet<string> people = await CreateRegisterItem.AgencyPeopleAsync(directory, agencyId, cancellationToken);
        DateTimeOffset now = timeProvider.GetUtcNow();
        if (RegisterValidation.ToItem(draft, existing, agencyId, actor.PersonId, now, people, errors) is null)
        {
            return Outcome.Invalid(errors);
        }

        // The replacement is built again from the version being written, not the one read above: a review, a flag or a
        // due date recorded in between is what the draft is laid over (the store re-runs this on every ETag conflict).
        FieldErrors latest = new();
        RegisterItem? saved = await registers.UpdateAsync(agencyId, existing.ItemId, current =>
        {
            latest = new FieldErrors();
            return RegisterValidation.ToItem(draft, current, agencyId, actor.PersonId, now, people, latest) is { } replacement
                ? replacement with { Reviews = current.Reviews }
                : current;
        }, cancellationToken);
        if (saved is null)
        {
            return RegisterPermissions.NotFound();
        }

        if (latest.Any)
        {
            return Outcome.Invalid(latest);
        }

        await audit.RecordAsync(actor, agencyId, AuditActions.Change, saved.ItemId, "kind=" + WireNames.Of(saved.Kind));
        return saved;
    }
}
