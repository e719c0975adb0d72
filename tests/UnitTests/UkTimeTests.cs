using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.UnitTests;

/// <summary>People read UK clock time (GMT in winter, BST in summer); storage stays UTC.</summary>
public class UkTimeTests
{
    [Fact]
    public void A_summer_moment_reads_an_hour_ahead_of_UTC_and_says_BST()
    {
        DateTimeOffset summer = new(2026, 7, 10, 13, 5, 0, TimeSpan.Zero);

        Assert.Equal(new DateTime(2026, 7, 10, 14, 5, 0), UkTime.ToLocal(summer).DateTime);
        Assert.Equal("10 July 2026 14:05 BST", UkTime.InEmail(summer));
    }

    [Fact]
    public void A_winter_moment_reads_as_UTC_and_says_GMT()
    {
        DateTimeOffset winter = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

        Assert.Equal("3 December 2026 09:00 GMT", UkTime.InEmail(winter));
    }

    [Fact]
    public void A_late_summer_evening_in_UTC_is_already_the_next_day_in_the_UK()
    {
        DateTimeOffset lateEvening = new(2026, 8, 31, 23, 30, 0, TimeSpan.Zero);

        Assert.Equal("1 September 2026", UkTime.DayInEmail(lateEvening));
    }

    [Fact]
    public void A_time_typed_on_a_form_in_summer_is_read_with_the_BST_offset()
    {
        Assert.Equal(TimeSpan.FromHours(1), UkTime.OffsetAt(new DateTime(2026, 7, 10, 14, 5, 0)));
        Assert.Equal(TimeSpan.Zero, UkTime.OffsetAt(new DateTime(2026, 12, 3, 9, 0, 0)));
    }
}
