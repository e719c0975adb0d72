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
