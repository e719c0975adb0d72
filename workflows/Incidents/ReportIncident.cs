using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Incidents;

/// <summary>
/// A member of an agency reports an incident for their own agency, with the flowchart's questions answered (the form
/// or the API). The response workflow takes it from there.
/// </summary>
public sealed class ReportIncident(IncidentSubmission submission, IPeopleDirectory directory, TimeProvider timeProvider) : IUseCase
{
    /// <param name="idempotencyKey">A retry with the same key returns the same incident and stores nothing new.</param>
    public async Task<Outcome<Incident>> ExecuteAsync(Actor actor, IncidentDraft draft, string? idempotencyKey, IncidentSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(draft);
        if (draft.AgencyId is { Length: > 0 } agencyId && IncidentPermissions.ToReport(actor, agencyId) is { } denied)
        {
            return denied;
        }

        if (draft.AgencyId is { Length: > 0 } && (await this.CheckOpenAsync(draft.AgencyId, cancellationToken)).Failure is { } closed)
        {
            return closed;
        }

        FieldErrors errors = new();
        DateTimeOffset now = timeProvider.GetUtcNow();
        IncidentReport? report = IncidentValidation.Validate(draft, now, concernsRequired: true, errors);
        if (report is null || errors.Any)
        {
            return Outcome.Invalid(errors);
        }

        Incident incident = new()
        {
            IncidentId = IncidentIds.NewId(now),
            AgencyId = draft.AgencyId!,
            Reference = string.Empty,
            Source = source,
            SubmittedAt = now,
            ReportedBy = actor.PersonId,
            Report = report,

            // A "Not sure" is never read as "no": the officer answers the questions, as for an emailed report.
            AwaitingTriage = report.Concerns?.AnyNotSure() == true,
        };
        IncidentSaved saved = await submission.SubmitAsync(incident, idempotencyKey, actor, "source=" + WireNames.Of(source), cancellationToken);
        return saved.Incident;
    }

    /// <summary>Refused when the agency is archived: the report form says so before anyone fills it in.</summary>
    public async Task<Outcome<Done>> CheckOpenAsync(string agencyId, CancellationToken cancellationToken) =>
        await directory.GetAgencyAsync(agencyId, cancellationToken) is { Archived: true }
            ? Outcome.Refused("The agency is archived", "This agency no longer takes new reports in this service. If a child is at risk, tell the safeguarding board now.")
            : Outcome.Done;
}
