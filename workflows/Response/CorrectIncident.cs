using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Escalation;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Orchestration;
using EsafetyServerless.Workflows.Tasks;

namespace EsafetyServerless.Workflows.Response;

/// <summary>Corrections as typed in: only the fields in <paramref name="Given"/> are corrected (a blank technology clears it).</summary>
public sealed record IncidentChangesDraft(
    IReadOnlySet<string> Given,
    string? OccurredAt = null,
    string? Description = null,
    string? HowIdentified = null,
    string? Technology = null,
    IReadOnlyList<PersonDraft>? PeopleInvolved = null,
    ConcernsDraft? Concerns = null);

public sealed record CorrectionDraft(string? Reason, IncidentChangesDraft Changes);

/// <summary>
/// The e-safety officer or senior manager corrects what was reported: each changed field becomes an amendment (old
/// value, new value, who, when, why) and the current value is what everything reads. A correction of the flowchart's
/// answers runs the flowchart again: referrals it now calls for start at once (chased by a workflow of their own),
/// referrals still waiting that it no longer calls for are withdrawn with the reason (the target told if it was
/// emailed), and an incident that becomes serious gets its legal hold and post-incident review. Nothing already sent is forgotten.
/// </summary>
public sealed class CorrectIncident(
    IIncidentStore store, ITaskStore tasks, AuditRecorder audit, IWorkflowSignals workflows, TimeProvider timeProvider, ResponseOptions? options = null) : IUseCase
{
    public const int ReasonMaxLength = 2000;

    public async Task<Outcome<Incident>> ExecuteAsync(Actor actor, string incidentId, CorrectionDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(draft);
        Outcome<Incident> found = await IncidentPermissions.FindToChangeAsync(store, actor, incidentId, cancellationToken);
        if (found.Failure is { } refused)
        {
            return refused;
        }

        Incident incident = found.Value;

        DateTimeOffset now = timeProvider.GetUtcNow();
        FieldErrors errors = new();
        string? reason = TextRules.Required(draft.Reason, "reason", "Enter why the report is being corrected", ReasonMaxLength, "The reason", errors);
        Dictionary<string, ReportedValue> corrected = Validate(draft.Changes, now, errors);
        if (draft.Changes.Given.Count == 0)
        {
            errors.Add("changes", "Enter at least one correction");
        }

        if (errors.Any)
        {
            return Outcome.Invalid(errors, "Some corrections need changing.");
        }

        if (corrected.ContainsKey(ReportFields.Concerns) && incident.Status == IncidentStatus.AwaitingTriage)
        {
            return Outcome.Conflict("Not triaged yet", "This report's questions have not been answered yet: answer them with the triage form.");
        }

        if (!Differences(incident, corrected).Any())
        {
            return Outcome.Invalid(FieldErrors.Of("changes", "The corrections are the same as what is recorded"));
        }

        TimeSpan? window = options?.Timings()?.AcknowledgementWindow;
        PlanChange? change = null;
        Incident updated = await store.UpdateAsync(incident.IncidentId, current =>
        {
            // Compared with the version being changed, so two corrections at once each record what they changed.
            List<IncidentAmendment> amendments = Differences(current, corrected)
                .Select(field => new IncidentAmendment(field, ReportFields.Of(current.Report, field), corrected[field], actor.PersonId, now, reason!))
                .ToList();
            change = null;
            if (amendments.Count == 0)
            {
                return current;
            }

            IncidentReport report = amendments.Aggregate(current.Report, (r, a) => ReportFields.With(r, a.Field, a.New));
            RecordedPlan? plan = current.Plan;
            List<IncidentAction> actions = [.. current.Actions, new IncidentAction(
                $"Report corrected ({string.Join(", ", amendments.Select(a => ReportFieldNames.Describe(a.Field)))}): {reason}", actor.PersonId, now)];
            if (plan is not null && amendments.Any(a => a.Field == ReportFields.Concerns))
            {
                string chasedBy = CorrectionInstanceId(current.IncidentId, current.Amendments.Count + amendments.Count);
                change = PlanCorrection.Replan(current.IncidentId, plan, report.Concerns ?? Concerns.None, now, window, chasedBy, new EscalationClosure(reason!, actor.PersonId, now));
                plan = change.Plan;
                actions.AddRange(change.Added.Select(e => new IncidentAction($"Referral to {TargetNames.Describe(e.Target)} added after the correction", IncidentAction.SystemActor, now)));
                actions.AddRange(change.Withdrawn.Select(e => new IncidentAction($"Referral to {TargetNames.Describe(e.Target)} withdrawn after the correction: {reason}", actor.PersonId, now)));
            }

            return current with { Report = report, Plan = plan, Amendments = [.. current.Amendments, .. amendments], Actions = actions };
        }, cancellationToken);

        await audit.RecordAsync(actor, incident.AgencyId, AuditActions.Change, incident.IncidentId, "correction:" + string.Join(",", corrected.Keys.Order(StringComparer.Ordinal)));
        if (change is { } replanned)
        {
            // Saved: what the correction set going happens even if the browser has gone.
            await this.FollowThroughAsync(updated, replanned, reason!, actor, now);
        }

        return updated;
    }

    /// <summary>The instance that chases what one correction started (by the number of amendments it brought the incident to).</summary>
    public static string CorrectionInstanceId(string incidentId, int amendments) =>
        incidentId + ":correction-" + amendments.ToString(System.Globalization.CultureInfo.InvariantCulture);

    async Task FollowThroughAsync(Incident incident, PlanChange change, string reason, Actor actor, DateTimeOffset now)
    {
        if (change.NewlySecureEvidence)
        {
            await tasks.OpenAsync(RecordResponsePlan.SecureEvidenceTask(incident, now), CancellationToken.None);
        }

        foreach (EscalationRecord withdrawn in change.Withdrawn)
        {
            await tasks.UpdateAsync(incident.AgencyId, EscalationDispatcher.ManualReferralTaskId(withdrawn.EscalationId), t => t.State == WorkTaskState.Done ? t : t with
            {
                State = WorkTaskState.Done,
                Completion = new TaskCompletion(actor.PersonId, now, "Withdrawn: " + reason),
            }, CancellationToken.None);

            // The workflow chasing it stops waiting for an acknowledgement that is no longer needed.
            await workflows.RaiseAsync(withdrawn.ChasingInstance(incident.IncidentId), EscalationAcknowledgements.Acknowledged(withdrawn.EscalationId), "withdrawn", CancellationToken.None);
        }

        if (change.NeedsWorkflow)
        {
            string instanceId = (change.Added.Count > 0 ? change.Added[0].ChasedBy : null) ?? change.Plan.ReviewChasedBy ?? CorrectionInstanceId(incident.IncidentId, incident.Amendments.Count);
            await workflows.StartIfNewAsync(nameof(CorrectedResponse), instanceId, new CorrectedResponseInput(
                incident.IncidentId, incident.AgencyId,
                change.Added.Select(e => new PlannedEscalation(e.EscalationId, e.Target, e.DueAt)).ToList(),
                change.Withdrawn.Select(e => e.EscalationId).ToList(),
                change.NewlySerious,
                options?.Timings()), restartIfFailed: false, CancellationToken.None);
        }
    }

    /// <summary>Each given field validated; the valid ones by field name.</summary>
    static Dictionary<string, ReportedValue> Validate(IncidentChangesDraft changes, DateTimeOffset now, FieldErrors errors)
    {
        Dictionary<string, ReportedValue> values = new(StringComparer.Ordinal);
        foreach (string field in changes.Given)
        {
            ReportedValue? value = field switch
            {
                ReportFields.OccurredAt => IncidentValidation.ValidateOccurredAt(changes.OccurredAt, now, errors) is { } at ? new ReportedValue(OccurredAt: at) : null,
                ReportFields.Description => IncidentValidation.ValidateDescription(changes.Description, errors) is { } text ? new ReportedValue(Description: text) : null,
                ReportFields.HowIdentified => IncidentValidation.ValidateHowIdentified(changes.HowIdentified, errors) is { } how ? new ReportedValue(HowIdentified: how) : null,
                ReportFields.Technology => TechnologyValue(changes.Technology, errors),
                ReportFields.PeopleInvolved => PeopleValue(changes.PeopleInvolved ?? [], now, errors),
                ReportFields.Concerns => changes.Concerns is { } concerns ? ConcernsValue(concerns, errors) : Missing(errors, "concerns", "Answer the questions about the incident"),
                _ => Missing(errors, field, "This field cannot be corrected; fields: " + string.Join(", ", ReportFields.All)),
            };
            if (value is not null)
            {
                values[field] = value;
            }
        }

        return values;
    }

    static ReportedValue? TechnologyValue(string? text, FieldErrors errors)
    {
        string? technology = IncidentValidation.ValidateTechnology(text, errors);
        return errors.Has("technology") ? null : new ReportedValue(Technology: technology);
    }

    static ReportedValue? PeopleValue(IReadOnlyList<PersonDraft> drafts, DateTimeOffset now, FieldErrors errors)
    {
        bool before = errors.Any;
        List<PersonInvolved> people = IncidentValidation.ValidatePeople(drafts, now, errors);
        return errors.Any && !before ? null : new ReportedValue(PeopleInvolved: people);
    }

    static ReportedValue? ConcernsValue(ConcernsDraft draft, FieldErrors errors)
    {
        bool before = errors.Any;
        Concerns concerns = IncidentValidation.ValidateConcerns(draft, errors);
        return errors.Any && !before ? null : new ReportedValue(Concerns: concerns);
    }

    static ReportedValue? Missing(FieldErrors errors, string field, string message)
    {
        errors.Add(field, message);
        return null;
    }

    /// <summary>The corrected fields whose value differs from the incident's.</summary>
    static IEnumerable<string> Differences(Incident incident, Dictionary<string, ReportedValue> corrected) =>
        ReportFields.All.Where(field => corrected.TryGetValue(field, out ReportedValue? value) && !ReportFields.Same(field, ReportFields.Of(incident.Report, field), value));
}

/// <summary>The report's fields in words, for the record and the pages.</summary>
public static class ReportFieldNames
{
    public static string Describe(string field) => field switch
    {
        ReportFields.OccurredAt => "when it happened",
        ReportFields.HowIdentified => "how it came to light",
        ReportFields.Technology => "the device, app or service",
        ReportFields.PeopleInvolved => "the people involved",
        ReportFields.Concerns => "the answers to the flowchart's questions",
        ReportFields.Description => "what happened",
        _ => field,
    };
}
