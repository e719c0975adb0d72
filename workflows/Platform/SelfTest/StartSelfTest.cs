using System.Globalization;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Orchestration;

namespace EsafetyServerless.Workflows.Platform.SelfTest;

/// <summary>
/// A technician or the board admin starts a deployment self-test run (<see cref="PlatformSelfTest"/>), which waits
/// for their confirmation within its window (30 minutes unless given, at most a day).
/// </summary>
public sealed class StartSelfTest(IWorkflowSignals workflows, TimeProvider timeProvider) : IUseCase
{
    static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(30);
    const int LongestWindowSeconds = 86400;

    /// <returns>The run's id.</returns>
    public async Task<Outcome<string>> ExecuteAsync(Actor actor, SelfTestDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(draft);
        if (PlatformPermissions.ToRunSelfTests(actor) is { } denied)
        {
            return denied;
        }

        TimeSpan window = DefaultWindow;
        if (draft.ConfirmationWindowSeconds is { } text)
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) || seconds is < 1 or > LongestWindowSeconds)
            {
                return Outcome.Invalid(
                    FieldErrors.Of("confirmationWindowSeconds", "Enter a number of seconds between 1 and 86400."),
                    "confirmationWindowSeconds must be a whole number of seconds between 1 and 86400.");
            }

            window = TimeSpan.FromSeconds(seconds);
        }

        string runId = SelfTestRunIds.Prefix + timeProvider.GetUtcNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)
            + "-" + Guid.NewGuid().ToString("N")[..8];
        await workflows.StartIfNewAsync(nameof(PlatformSelfTest), runId, new SelfTestInput(runId, window), restartIfFailed: false, cancellationToken);
        return runId;
    }
}

/// <param name="ConfirmationWindowSeconds">How long to wait for the confirmation, in whole seconds, as given; null for the default.</param>
public sealed record SelfTestDraft(string? ConfirmationWindowSeconds);

/// <summary>Self-test run ids are ours; anything else is refused before it reaches the engine.</summary>
static class SelfTestRunIds
{
    public const string Prefix = "selftest-";

    public static bool IsWellFormed(string runId) =>
        runId.StartsWith(Prefix, StringComparison.Ordinal) && runId.Length <= 64
        && runId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    public static Failure NotFound() => Outcome.NotFound("There is no self-test run with that id.");
}
