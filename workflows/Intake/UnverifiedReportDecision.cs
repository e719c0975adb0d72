using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Intake;

/// <summary>What accepting and dismissing share: the waiting report is claimed for one decision, and of two officers deciding at once exactly one wins.</summary>
static class UnverifiedReportDecision
{
    public const string AlreadyDecided = "Already decided";

    /// <returns>The report before and after the decision, or why it cannot be decided.</returns>
    public static async Task<Outcome<Claim>> ClaimAsync(
        IUnverifiedReports reports, Actor officer, string reportId, UnverifiedReportState decision, string? reason, CancellationToken cancellationToken)
    {
        UnverifiedReport? report = await reports.GetAsync(officer.AgencyId, reportId, cancellationToken);
        if (report is null)
        {
            return UnverifiedReportPermissions.NotFound();
        }

        if (report.State != UnverifiedReportState.Waiting)
        {
            return Outcome.Conflict(AlreadyDecided, "This report has already been " + WireNames.Of(report.State) + ".");
        }

        UnverifiedReport? claimed = await reports.DecideAsync(
            officer.AgencyId, report.ReportId, r => r with { State = decision, DecidedBy = officer.PersonId, Reason = reason }, cancellationToken);
        return claimed is null ? Outcome.Conflict(AlreadyDecided, "Someone decided this report a moment ago.") : new Claim(report, claimed);
    }

    /// <param name="Waiting">The report as it waited (what to put back if the decision cannot be completed).</param>
    /// <param name="Decided">The report as decided and stored.</param>
    public sealed record Claim(UnverifiedReport Waiting, UnverifiedReport Decided);
}
