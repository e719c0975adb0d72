using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.UnitTests;

/// <summary>Deadlines in working days and hours across England and Wales bank holidays.</summary>
public class WorkingCalendarTests
{
    static readonly WorkingCalendar Calendar = new();

    static DateTimeOffset Uk(int year, int month, int day, int hour, int minute = 0)
    {
        TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        DateTime local = new(year, month, day, hour, minute, 0);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    [Fact]
    public void A_LADO_referral_due_in_one_working_day_skips_Good_Friday_the_weekend_and_Easter_Monday()
    {
        // Easter 2027: Good Friday 26 March, Easter Monday 29 March.
        Assert.Equal(Uk(2027, 3, 30, 15), Calendar.AddWorkingDays(Uk(2027, 3, 25, 15), 1));
    }

    [Fact]
    public void A_report_on_Good_Friday_counts_from_the_first_working_morning_after_Easter()
    {
        Assert.Equal(Uk(2027, 3, 31, 9), Calendar.AddWorkingDays(Uk(2027, 3, 26, 11), 1));
    }

    [Fact]
    public void Christmas_and_Boxing_Day_substitutes_are_not_working_days()
    {
        // 25 and 26 December 2027 fall at a weekend: the bank holidays are Monday 27 and Tuesday 28.
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2027, 12, 27)));
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2027, 12, 28)));
        Assert.Equal(Uk(2027, 12, 29, 10), Calendar.AddWorkingDays(Uk(2027, 12, 24, 10), 1));
    }

    [Fact]
    public void Four_working_hours_carry_over_the_evening_and_the_bank_holiday()
    {
        // Thursday 16:00 before Easter: one hour that day, three on the Tuesday after Easter Monday.
        Assert.Equal(Uk(2027, 3, 30, 12), Calendar.AddWorkingHours(Uk(2027, 3, 25, 16), TimeSpan.FromHours(4)));
    }

    [Fact]
    public void An_ordinary_Tuesday_is_a_working_day_and_deadlines_keep_the_time_of_day()
    {
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2026, 11, 24)));
        Assert.Equal(Uk(2026, 11, 25, 14, 5), Calendar.AddWorkingDays(Uk(2026, 11, 24, 14, 5), 1));
    }
}
