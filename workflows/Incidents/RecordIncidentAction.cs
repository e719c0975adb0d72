using System.Globalization;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Incidents;

/// <param name="TakenAt">When it was done, if not now (ISO 8601); a moment that has happened.</param>
public sealed record ActionDraft(string? Description, string? TakenAt);

/// <summary>The e-safety officer or senior manager records an action taken: what, by whom (them), when.</summary>
public sealed class RecordIncidentAction(IIncidentStore store, AuditRecorder audit, TimeProvider timeProvider) : IUseCase
{
    public const int DescriptionMaxLength = 4000;

    public async Task<Outcome<IncidentAction>> ExecuteAsync(Actor actor, string incidentId, ActionDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(draft);
        Outcome<Incident> found = await IncidentPermissions.FindToChangeAsync(store, actor, incidentId, cancellationToken);
        if (found.Failure is { } refused)
        {
            return refused;
        }

        Incident incident = found.Value;

        FieldErrors errors = new();
        DateTimeOffset now = timeProvider.GetUtcNow();
        string? description = TextRules.Required(draft.Description, "description", "Enter what was done", DescriptionMaxLength, "The action", errors);
        DateTimeOffset takenAt = now;
        if (draft.TakenAt is { Length: > 0 } takenAtText)
        {
            if (DateTimeOffset.TryParse(takenAtText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset moment) && moment <= now.AddMinutes(5))
            {
                takenAt = moment;
            }
            else
            {
                errors.Add("takenAt", "takenAt must be a date and time that is not in the future");
            }
        }

        if (errors.Any)
        {
            return Outcome.Invalid(errors);
        }

        IncidentAction action = new(description!, actor.PersonId, takenAt);
        await store.AddActionAsync(incident.IncidentId, action, cancellationToken);
        await audit.RecordAsync(actor, incident.AgencyId, AuditActions.Change, incident.IncidentId, "action");
        return action;
    }
}
