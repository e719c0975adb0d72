using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Incidents;

/// <param name="Outcome">For an allegation against staff: substantiated, malicious, false, unsubstantiated or unfounded.</param>
public sealed record ConclusionDraft(string? Conclusion, string? Outcome);

/// <summary>
/// The e-safety officer or senior manager records the incident's conclusion, and for an allegation against a member
/// of staff its outcome. The conclusion and outcome decide how long the records are kept (a malicious allegation is
/// removed as soon as it is concluded: docs/domain.md, "Retention").
/// </summary>
public sealed class RecordConclusion(IIncidentStore store, IRetentionFollowUp retention, AuditRecorder audit, TimeProvider timeProvider) : IUseCase
{
    public const int ConclusionMaxLength = 8000;

    public async Task<Outcome<Incident>> ExecuteAsync(Actor actor, string incidentId, ConclusionDraft draft, CancellationToken cancellationToken)
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
        string? conclusion = TextRules.Required(draft.Conclusion, "conclusion", "Enter the conclusion", ConclusionMaxLength, "The conclusion", errors);
        AllegationOutcome? outcome = ValidateOutcome(incident, string.IsNullOrWhiteSpace(draft.Outcome) ? null : draft.Outcome.Trim(), errors);
        if (errors.Any)
        {
            return Outcome.Invalid(errors);
        }

        DateTimeOffset now = timeProvider.GetUtcNow();
        Incident updated = await store.UpdateAsync(incident.IncidentId, current => current with
        {
            Conclusion = conclusion,
            Outcome = outcome,
            Conclusions = [.. EarlierConclusions(current), new ConclusionRecord(conclusion!, outcome, actor.PersonId, now)],
            Actions = [.. current.Actions, new IncidentAction(RecordedAction, actor.PersonId, now)],
        }, cancellationToken);
        await retention.ConcludedAsync(updated, cancellationToken);

        await audit.RecordAsync(actor, incident.AgencyId, AuditActions.Change, incident.IncidentId, "conclusion");
        return updated;
    }

    const string RecordedAction = "Conclusion recorded";

    /// <summary>
    /// The conclusions recorded so far. One recorded before conclusions kept their history is taken from the record,
    /// with who recorded it and when from its action.
    /// </summary>
    static IReadOnlyList<ConclusionRecord> EarlierConclusions(Incident current)
    {
        if (current.Conclusions.Count > 0 || current.Conclusion is not { } earlier)
        {
            return current.Conclusions;
        }

        IncidentAction? recorded = current.Actions.LastOrDefault(a => a.Description == RecordedAction);
        return [new ConclusionRecord(earlier, current.Outcome, recorded?.TakenBy ?? IncidentAction.SystemActor, recorded?.TakenAt ?? current.SubmittedAt)];
    }

    /// <summary>For an allegation against staff the outcome is required and must be one of the five; otherwise it is not allowed.</summary>
    static AllegationOutcome? ValidateOutcome(Incident incident, string? outcomeText, FieldErrors errors)
    {
        AllegationOutcome? outcome = null;
        bool allegation = incident.Report.Concerns?.StaffInvolved == true;
        if (outcomeText is not null)
        {
            if (WireNames.TryParse(outcomeText, out AllegationOutcome parsed))
            {
                outcome = parsed;
            }
            else
            {
                errors.Add("outcome", "outcome must be one of: " + string.Join(", ", WireNames.All<AllegationOutcome>()));
            }
        }

        if (allegation && outcomeText is null)
        {
            errors.Add("outcome", "For an allegation against a member of staff, choose the outcome: " + string.Join(", ", WireNames.All<AllegationOutcome>()));
        }
        else if (!allegation && outcomeText is not null)
        {
            errors.Add("outcome", "An outcome applies only to allegations against a member of staff or volunteer");
        }

        return outcome;
    }
}
