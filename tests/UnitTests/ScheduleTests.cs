using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.Workflows.Platform.Scheduling;
using EsafetyServerless.Workflows;

namespace EsafetyServerless.UnitTests;

public class ScheduleTests
{
    [Fact]
    public void Every_schedule_is_a_valid_six_field_NCRONTAB_expression()
    {
        Assert.All(ScheduledJobCatalog.All, job => Assert.NotNull(job.ParseSchedule()));
    }

    [Fact]
    public void The_heartbeat_fires_on_the_next_ten_minute_mark_in_UTC()
    {
        ScheduledJobDefinition heartbeat = ScheduledJobCatalog.All.Single(j => j.Name == nameof(SchedulerHeartbeat));

        DateTimeOffset next = heartbeat.NextOccurrenceAfter(new DateTimeOffset(2026, 11, 28, 10, 3, 7, TimeSpan.FromHours(1)));

        Assert.Equal(new DateTimeOffset(2026, 11, 28, 9, 10, 0, TimeSpan.Zero), next);
    }

    [Fact]
    public void The_last_occurrence_of_the_daily_scan_before_a_moment_is_that_morning_or_the_one_before()
    {
        ScheduledJobDefinition scan = ScheduledJobCatalog.All.Single(j => j.Name == nameof(Workflows.Reviews.DailyReviewScan));

        Assert.Equal(new DateTimeOffset(2026, 11, 28, 6, 0, 0, TimeSpan.Zero), scan.LastOccurrenceAtOrBefore(new DateTimeOffset(2026, 11, 28, 10, 3, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 6, 0, 0, TimeSpan.Zero), scan.LastOccurrenceAtOrBefore(new DateTimeOffset(2026, 11, 28, 6, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 6, 0, 0, TimeSpan.Zero), scan.LastOccurrenceAtOrBefore(new DateTimeOffset(2026, 11, 28, 5, 59, 59, TimeSpan.Zero)));
    }

    [Fact]
    public void Jobs_a_minute_apart_or_more_catch_up_after_a_stop_and_the_30_second_reconciliation_does_not()
    {
        Assert.Equal(
            [nameof(SchedulerHeartbeat), nameof(Workflows.Evidence.RetentionReviewJob), nameof(Workflows.Reviews.DailyReviewScan), nameof(Workflows.Response.RestartFailedResponses)],
            ScheduledJobCatalog.All.Where(j => j.CatchesUp).Select(j => j.Name));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("a#b?c\\d", "a%23b%3Fc%5Cd")]
    [InlineData("100%", "100%25")]
    public void Table_keys_escape_the_characters_Azure_Tables_forbid(string raw, string escaped)
    {
        Assert.Equal(escaped, TableKeys.Escape(raw));
    }
}
