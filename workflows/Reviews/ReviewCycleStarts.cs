using EsafetyServerless.Workflows.Registers;
using Microsoft.DurableTask;

namespace EsafetyServerless.Workflows.Reviews;

/// <summary>
/// That a cycle's workflow is known to have started: the daily scan recorded it when it started the workflow (or found
/// it running) at <paramref name="CheckedAt"/>, so later scans skip the cycle without asking the engine.
/// </summary>
public sealed record ReviewCycleStart(string AgencyId, string ItemId, DateOnly Due, DateTimeOffset CheckedAt);

/// <summary>
/// Port: the review cycles whose workflow is known to have started, keyed like the due index (by due date), so the
/// scan reads them for the same dates it reads the due items.
/// </summary>
public interface IReviewCycleStarts
{
    /// <summary>Every recorded start of a cycle due on or before <paramref name="through"/>.</summary>
    Task<IReadOnlyList<ReviewCycleStart>> ListThroughAsync(DateOnly through, CancellationToken cancellationToken);

    Task RecordAsync(ReviewCycleStart start, CancellationToken cancellationToken);

    /// <summary>Forgets the cycle's start (its workflow failed, or the cycle is over); nothing happens if none is recorded.</summary>
    Task ForgetAsync(string agencyId, string itemId, DateOnly due, CancellationToken cancellationToken);
}

/// <summary>
/// Run by the review workflow when it fails: forgets that its cycle was started, so the next daily scan starts it
/// again instead of skipping it.
/// </summary>
public sealed class ForgetReviewCycleStart(IReviewCycleStarts starts) : TaskActivity<RegisterReviewInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, RegisterReviewInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await starts.ForgetAsync(input.AgencyId, input.ItemId, DateOnly.FromDateTime(input.DueAt.UtcDateTime), CancellationToken.None);
        return true;
    }
}
