using EsafetyServerless.Workflows.Platform.Orchestration;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace EsafetyServerless.Workflows.Platform.SelfTest;

/// <summary>
/// A deployment self-test a board admin or technician runs after deploying or restarting: it proves that HTTP,
/// storage, the durable engine, activities, durable timers and external events all work together. It records a
/// "started" step, waits for a confirmation (or its window to close) and records the outcome.
/// </summary>
public sealed partial class PlatformSelfTest : TaskOrchestrator<SelfTestInput, SelfTestOutcome>
{
    /// <summary>The external event that confirms the run.</summary>
    public const string ConfirmedEvent = "SelfTestConfirmed";

    static readonly WorkflowEvent<bool> Confirmed = new(ConfirmedEvent);

    public override async Task<SelfTestOutcome> RunAsync(TaskOrchestrationContext context, SelfTestInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ILogger logger = context.CreateReplaySafeLogger<PlatformSelfTest>();

        SelfTestStepRecorded started = await context.CallActivityAsync<SelfTestStepRecorded>(
            nameof(RecordSelfTestStep), new SelfTestStep(input.RunId, SelfTestStepNames.Started));
        context.SetCustomStatus(SelfTestStatus.AwaitingConfirmation);

        bool confirmed = await WaitForConfirmationAsync(context, input.ConfirmationWindow);
        string finalStep = confirmed ? SelfTestStepNames.Confirmed : SelfTestStepNames.TimedOut;
        SelfTestStepRecorded finished = await context.CallActivityAsync<SelfTestStepRecorded>(
            nameof(RecordSelfTestStep), new SelfTestStep(input.RunId, finalStep));

        context.SetCustomStatus(confirmed ? SelfTestStatus.Passed : SelfTestStatus.TimedOut);
        LogFinished(logger, input.RunId, finalStep);
        return new SelfTestOutcome(input.RunId, confirmed, started, finished);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Self-test {RunId} finished with {Step}")]
    static partial void LogFinished(ILogger logger, string runId, string step);

    /// <summary>Whether the confirmation comes (and says the run is confirmed) before its window closes.</summary>
    static async Task<bool> WaitForConfirmationAsync(TaskOrchestrationContext context, TimeSpan window)
    {
        EventArrival<bool> confirmation = await context.WaitForEventAsync(Confirmed, context.CurrentUtcDateTime.Add(window));
        return confirmation.Arrived && confirmation.Payload;
    }
}

/// <param name="RunId">The run's id, which is also the orchestration instance id.</param>
/// <param name="ConfirmationWindow">How long to wait for the confirmation before recording a time-out.</param>
public sealed record SelfTestInput(string RunId, TimeSpan ConfirmationWindow);

public sealed record SelfTestStep(string RunId, string Step);

/// <param name="RecordedBy">The host instance (machine/process) whose activity recorded the step.</param>
public sealed record SelfTestStepRecorded(string Step, DateTimeOffset RecordedAt, string RecordedBy);

public sealed record SelfTestOutcome(string RunId, bool Confirmed, SelfTestStepRecorded Started, SelfTestStepRecorded Finished);

public static class SelfTestStepNames
{
    public const string Started = "started";
    public const string Confirmed = "confirmed";
    public const string TimedOut = "timed-out";
}

public static class SelfTestStatus
{
    public const string AwaitingConfirmation = "awaiting-confirmation";
    public const string Passed = "passed";
    public const string TimedOut = "timed-out";
}
