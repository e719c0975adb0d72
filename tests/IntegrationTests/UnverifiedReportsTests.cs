using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Intake;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.IntegrationTests;

[Collection(AzuriteCollection.Name)]
public sealed class UnverifiedReportsTests(AzuriteFixture azurite)
{
    readonly TableUnverifiedReports reports = new(azurite.NewTables());
    readonly string agency = "agency-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Of_two_officers_deciding_the_same_report_at_once_exactly_one_wins()
    {
        UnverifiedReport waiting = new("unv-" + Guid.NewGuid().ToString("N")[..20], this.agency, DateTimeOffset.UtcNow, "someone@elsewhere.example",
            "Subject", "Text", new StoredBlob("raw-mail", "x.eml", new string('0', 64), 10), [], UnverifiedReportState.Waiting);
        await this.reports.SaveAsync(waiting, CancellationToken.None);

        UnverifiedReport?[] decisions = await Task.WhenAll(
            this.reports.DecideAsync(this.agency, waiting.ReportId, r => r with { State = UnverifiedReportState.Accepted, DecidedBy = "officer-a" }, CancellationToken.None),
            this.reports.DecideAsync(this.agency, waiting.ReportId, r => r with { State = UnverifiedReportState.Dismissed, DecidedBy = "officer-b", Reason = "spam" }, CancellationToken.None));

        UnverifiedReport winner = Assert.Single(decisions, d => d is not null)!;
        Assert.Equal(winner.State, (await this.reports.GetAsync(this.agency, waiting.ReportId, CancellationToken.None))!.State);
        Assert.Null(await this.reports.DecideAsync(this.agency, waiting.ReportId, r => r with { State = UnverifiedReportState.Dismissed }, CancellationToken.None));
    }
}
