using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Intake;

/// <summary>The e-safety officer dismisses an unknown sender's email, saying why (spam, not a safeguarding matter). Audited.</summary>
public sealed class DismissUnverifiedReport(IUnverifiedReports reports, AuditRecorder audit) : IUseCase
{
    public const int ReasonMaxLength = 2000;

    public async Task<Outcome<UnverifiedReport>> ExecuteAsync(Actor actor, string reportId, DismissalDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(draft);
        if (UnverifiedReportPermissions.ToDecide(actor) is { } denied)
        {
            return denied;
        }

        FieldErrors errors = new();
        string? reason = TextRules.Required(draft.Reason, "reason", "Enter why this report is being dismissed (up to 2000 characters).", ReasonMaxLength, "The reason", errors);
        if (reason is null)
        {
            return Outcome.Invalid(errors, "Give the reason for dismissing the report.");
        }

        Outcome<UnverifiedReportDecision.Claim> claimed = await UnverifiedReportDecision.ClaimAsync(reports, actor, reportId, UnverifiedReportState.Dismissed, reason, cancellationToken);
        if (claimed.Failure is { } failure)
        {
            return failure;
        }

        await audit.RecordAsync(actor, actor.AgencyId, AuditActions.Change, claimed.Value.Decided.ReportId, "dismissed");
        return claimed.Value.Decided;
    }
}

/// <param name="Reason">Why the email is not a report to act on.</param>
public sealed record DismissalDraft(string? Reason);
