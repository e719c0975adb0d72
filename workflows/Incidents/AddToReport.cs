using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Incidents;

/// <summary>Further information the reporter added to their own report after sending it.</summary>
public sealed record IncidentAddendum(string Text, string AddedBy, DateTimeOffset AddedAt);

/// <summary>
/// The member of staff who reported an incident adds what they learned since (a pupil said more, a screenshot was
/// found): an addendum kept beside the report, never a change to it — correcting the report is the officer's. The
/// officer sees it on the incident with an action in the record; the reporter sees it among what they reported.
/// </summary>
public sealed class AddToReport(IIncidentStore store, AuditRecorder audit, TimeProvider timeProvider) : IUseCase
{
    public const int TextMaxLength = 8000;

    public async Task<Outcome<Incident>> ExecuteAsync(Actor actor, string incidentId, string? text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Outcome<Incident> found = await IncidentPermissions.FindToReadAsync(store, actor, incidentId, cancellationToken);
        if (found.Failure is { } refused)
        {
            return refused;
        }

        Incident incident = found.Value;

        if (incident.ReportedBy != actor.PersonId)
        {
            return Outcome.Forbidden("Only the person who reported the incident can add to their report. Record what you know as an action instead.");
        }

        FieldErrors errors = new();
        string? addition = TextRules.Required(text, "text", "Enter the further information", TextMaxLength, "The further information", errors);
        if (errors.Any)
        {
            return Outcome.Invalid(errors);
        }

        DateTimeOffset now = timeProvider.GetUtcNow();
        Incident updated = await store.UpdateAsync(incident.IncidentId, current => current with
        {
            Addenda = [.. current.Addenda, new IncidentAddendum(addition!, actor.PersonId, now)],
            Actions = [.. current.Actions, new IncidentAction(AddedAction, actor.PersonId, now)],
        }, cancellationToken);
        await audit.RecordAsync(actor, incident.AgencyId, AuditActions.Change, incident.IncidentId, "addendum");
        return IncidentPermissions.KeepsTheLog(actor, incident.AgencyId) ? updated : ReadIncident.ForReporter(updated);
    }

    public const string AddedAction = "The reporter added further information to the report";
}
