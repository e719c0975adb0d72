using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Registers;
using EsafetyServerless.Workflows.Tasks;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Workflows.Reviews;

/// <summary>What the reviewer submits: the record the standard asks for (docs/domain.md, "Requirements").</summary>
/// <param name="ReviewedOn">Null for today; never in the future.</param>
public sealed record ReviewDraft(
    IReadOnlyList<string> IssuesIdentified,
    IReadOnlyList<ReviewAction> Actions,
    IReadOnlyList<string> StakeholdersConsulted,
    DateOnly? ReviewedOn);

/// <summary>The pure rules of completing a review and delegating one (who may delegate: <see cref="RegisterPermissions.MayDelegate"/>).</summary>
public static class ReviewRules
{
    public const int MaxEntries = 50;
    public const int MaxText = 1000;

    /// <summary>Checks the draft: stakeholders consulted, every action with someone responsible, dates not in the future.</summary>
    public static bool Validate(RegisterItem item, ReviewDraft draft, DateOnly today, IReadOnlySet<string> agencyPeople, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(agencyPeople);
        ArgumentNullException.ThrowIfNull(errors);
        if (!ReviewCycle.HasCycle(item.Kind))
        {
            errors.Add("itemId", "This register item has no review cycle");
        }

        if (draft.ReviewedOn is { } on && on > today)
        {
            errors.Add("reviewedOn", "The review date cannot be in the future");
        }

        if (item.Kind != RegisterKind.Training && draft.StakeholdersConsulted.Count == 0)
        {
            errors.Add("stakeholdersConsulted", "Say who was consulted (staff, volunteers, children, parents and carers)");
        }

        Texts(draft.IssuesIdentified, "issuesIdentified", errors);
        Texts(draft.StakeholdersConsulted, "stakeholdersConsulted", errors);
        if (draft.Actions.Count > MaxEntries)
        {
            errors.Add("actions", "Record at most 50 actions");
        }

        for (int i = 0; i < draft.Actions.Count; i++)
        {
            ReviewAction? action = draft.Actions[i];
            if (action is null)
            {
                errors.Add($"actions[{i}]", "Each action must be an object with a description and who is responsible");
                continue;
            }

            if (string.IsNullOrWhiteSpace(action.Description) || action.Description.Length > MaxText)
            {
                errors.Add($"actions[{i}].description", "Describe the action in 1 to 1000 characters");
            }

            if (!agencyPeople.Contains(action.ResponsiblePersonId ?? string.Empty))
            {
                errors.Add($"actions[{i}].responsiblePersonId", "Choose who is responsible: a person in this agency");
            }
        }

        return !errors.Any;
    }

    static void Texts(IReadOnlyList<string> values, string field, FieldErrors errors)
    {
        if (values.Count > MaxEntries || values.Any(v => string.IsNullOrWhiteSpace(v) || v.Length > MaxText))
        {
            errors.Add(field, "Give at most 50 entries of 1 to 1000 characters each");
        }
    }

    /// <summary>The item after its review: the record appended, last reviewed set, next due 12 months on, flags cleared.</summary>
    public static RegisterItem Complete(RegisterItem item, ReviewDraft draft, string reviewId, string reviewedBy, DateOnly today, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(draft);
        DateOnly on = draft.ReviewedOn ?? today;
        DateOnly next = ReviewCycle.NextDue(on);
        ReviewRecord record = new(reviewId, on, reviewedBy, draft.IssuesIdentified, draft.Actions, draft.StakeholdersConsulted, next);
        return item with
        {
            LastReviewed = on,
            NextReviewDue = next,
            UpdatedAt = now,
            UpdatedBy = reviewedBy,
            Reviews = [.. item.ReviewHistory, record],
            Aup = item.Aup is null ? null : item.Aup with { FlaggedForReview = null },
            Training = item.Training is null ? null : item.Training with { CompletedOn = on },
            Filtering = item.Filtering is null ? null : item.Filtering with { LastEffectivenessReview = on },
        };
    }

    public static WorkTask Delegate(WorkTask task, Person actor, Person to, string? reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(to);
        return task with { AssigneePersonId = to.PersonId, Delegation = new TaskDelegation(actor.PersonId, to.PersonId, now, reason) };
    }
}
