using System.Globalization;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Orchestration;
using EsafetyServerless.Workflows.Tasks;

namespace EsafetyServerless.Workflows.Response;

/// <param name="Actions">What the review decided; a row with neither an action nor a person responsible is skipped.</param>
public sealed record PostIncidentReviewDraft(string? IssuesIdentified, IReadOnlyList<PostIncidentReviewActionDraft> Actions, IReadOnlyList<string?> StakeholdersConsulted);

public sealed record PostIncidentReviewActionDraft(string? Action, string? Responsible);

/// <summary>
/// The senior manager, or the e-safety officer they delegated it to, records the post-incident review: the issues
/// identified, the actions (each with who is responsible) and the stakeholders consulted. The review's task closes
/// and the workflow stops chasing. A review is completed once; a second one is refused.
/// </summary>
public sealed class CompletePostIncidentReview(IIncidentStore incidents, ITaskStore tasks, AuditRecorder audit, IWorkflowSignals workflows, TimeProvider timeProvider) : IUseCase
{
    public const int IssuesMaxLength = 8000;
    public const int MaxActions = 20;
    public const int MaxStakeholders = 30;

    public async Task<Outcome<PostIncidentReviewRecord>> ExecuteAsync(Actor actor, string incidentId, PostIncidentReviewDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(draft);
        Outcome<(Incident Incident, WorkTask Task)> found = await ReadPostIncidentReview.FindAsync(incidents, tasks, actor, incidentId, cancellationToken);
        if (found.Failure is { } failure)
        {
            return failure;
        }

        (Incident incident, WorkTask task) = found.Value;
        if (PostIncidentReviewPermissions.ToComplete(actor, task) is { } denied)
        {
            return denied;
        }

        FieldErrors errors = new();
        PostIncidentReviewRecord? review = Validate(draft, actor.PersonId, timeProvider.GetUtcNow(), errors);
        if (review is null)
        {
            return Outcome.Invalid(errors);
        }

        bool completedNow = false;
        await incidents.UpdateAsync(incident.IncidentId, current =>
        {
            completedNow = current.PostIncidentReview is null;
            return !completedNow ? current : current with
            {
                PostIncidentReview = review,
                Actions = [.. current.Actions, new IncidentAction("Post-incident review of the e-safety and acceptable use policies completed", review.CompletedBy, review.CompletedAt)],
            };
        }, cancellationToken);

        // The review is saved: what follows is not cancellable, and runs again on a repeat, so a request that failed
        // half-way still closes the task and tells the workflow (the board is never told a completed review is late).
        PostIncidentReviewRecord recorded = (await incidents.FindAsync(incident.IncidentId, CancellationToken.None))!.PostIncidentReview!;
        await tasks.UpdateAsync(incident.AgencyId, task.TaskId, t => t.State == WorkTaskState.Done ? t : t with
        {
            State = WorkTaskState.Done,
            Completion = new TaskCompletion(recorded.CompletedBy, recorded.CompletedAt, string.Create(CultureInfo.InvariantCulture, $"{recorded.Actions.Count} action(s); consulted {string.Join(", ", recorded.StakeholdersConsulted)}")),
        }, CancellationToken.None);
        if (completedNow)
        {
            await audit.RecordAsync(actor, incident.AgencyId, AuditActions.Change, incident.IncidentId, "policy-review-completed");
        }

        await workflows.RaiseAsync(incident.Plan?.ReviewChasedBy ?? incident.IncidentId, IncidentResponse.PostIncidentReviewCompleted, recorded.CompletedBy, CancellationToken.None);
        return completedNow ? review : Outcome.Conflict("Already completed", "The policy review for this incident was completed already.");
    }

    /// <summary>The review to record, or null with the field errors (<c>issuesIdentified</c>, <c>actions[i]</c>, <c>actions</c>, <c>stakeholdersConsulted</c>).</summary>
    public static PostIncidentReviewRecord? Validate(PostIncidentReviewDraft draft, string completedBy, DateTimeOffset now, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(errors);
        string? issues = TextRules.Required(draft.IssuesIdentified, "issuesIdentified", "Enter the issues the review identified (or that it found none)", IssuesMaxLength, "The issues", errors);

        List<PostIncidentReviewAction> actions = [];
        for (int i = 0; i < draft.Actions.Count; i++)
        {
            string action = (draft.Actions[i].Action ?? string.Empty).Trim();
            string responsible = (draft.Actions[i].Responsible ?? string.Empty).Trim();
            if (action.Length == 0 && responsible.Length == 0)
            {
                continue;
            }

            string field = string.Create(CultureInfo.InvariantCulture, $"actions[{i}]");
            int number = i + 1;
            if (action.Length == 0 || responsible.Length == 0)
            {
                errors.Add(field, string.Create(CultureInfo.InvariantCulture, $"Action {number}: enter both the action and who is responsible for it"));
            }
            else if (action.Length > 1000 || responsible.Length > 200)
            {
                errors.Add(field, string.Create(CultureInfo.InvariantCulture, $"Action {number}: the action must be 1000 characters or fewer and the person responsible 200"));
            }
            else if (TextRules.HasControlCharacters(action) || TextRules.HasControlCharacters(responsible))
            {
                errors.Add(field, string.Create(CultureInfo.InvariantCulture, $"Action {number} contains characters that are not allowed"));
            }
            else
            {
                actions.Add(new PostIncidentReviewAction(action, responsible));
            }
        }

        if (draft.Actions.Count > MaxActions)
        {
            errors.Add("actions", "Record at most 20 actions");
        }

        List<string> consulted = draft.StakeholdersConsulted.Select(s => (s ?? string.Empty).Trim()).Where(s => s.Length > 0).ToList();
        if (consulted.Count == 0)
        {
            errors.Add("stakeholdersConsulted", "Enter the stakeholders you consulted");
        }
        else if (consulted.Count > MaxStakeholders || consulted.Any(s => s.Length > 200 || TextRules.HasControlCharacters(s)))
        {
            errors.Add("stakeholdersConsulted", "Enter at most 30 stakeholders, each 200 characters or fewer");
        }

        return errors.Any ? null : new PostIncidentReviewRecord(completedBy, now, issues!, actions, consulted);
    }
}
