using PublicHoliday;

namespace EsafetyServerless.Workflows.Platform;

/// <summary>
/// Working days and hours in England and Wales, for deadlines such as "refer to the LADO within one working day".
/// Weekends and bank holidays (from the maintained <c>PublicHoliday</c> library, not a hand-written list) are not
/// working days; working hours are 09:00 to 17:00 UK time.
/// </summary>
public sealed class WorkingCalendar
{
    static readonly TimeOnly DayStart = new(9, 0);
    static readonly TimeOnly DayEnd = new(17, 0);
    readonly UKBankHoliday holidays = new() { UkCountry = UKBankHoliday.UkCountries.England };
    readonly TimeZoneInfo zone;

    public WorkingCalendar(TimeZoneInfo? zone = null)
    {
        this.zone = zone ?? UkZone();
    }

    public bool IsWorkingDay(DateOnly date) => this.holidays.IsWorkingDay(date.ToDateTime(TimeOnly.MinValue));

    /// <summary>
    /// The same time of day, <paramref name="days"/> working days later (a Thursday 15:00 before Good Friday plus one
    /// working day is the Tuesday 15:00 after Easter Monday). Work reported outside working hours counts from the
    /// start of the next working day.
    /// </summary>
    public DateTimeOffset AddWorkingDays(DateTimeOffset start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        DateTime local = this.StartOfWork(TimeZoneInfo.ConvertTime(start, this.zone).DateTime);
        DateOnly date = DateOnly.FromDateTime(local);
        for (int added = 0; added < days;)
        {
            date = date.AddDays(1);
            if (this.IsWorkingDay(date))
            {
                added++;
            }
        }

        return this.ToOffset(date.ToDateTime(TimeOnly.FromDateTime(local)));
    }

    /// <summary>Adds working hours, carrying what is left of one working day into the next.</summary>
    public DateTimeOffset AddWorkingHours(DateTimeOffset start, TimeSpan hours)
    {
        DateTime local = this.StartOfWork(TimeZoneInfo.ConvertTime(start, this.zone).DateTime);
        TimeSpan remaining = hours;
        while (true)
        {
            TimeSpan leftToday = DateOnly.FromDateTime(local).ToDateTime(DayEnd) - local;
            if (remaining <= leftToday)
            {
                return this.ToOffset(local + remaining);
            }

            remaining -= leftToday;
            local = this.StartOfWork(DateOnly.FromDateTime(local).AddDays(1).ToDateTime(TimeOnly.MinValue));
        }
    }

    /// <summary>The moment itself if it is inside working hours, otherwise the start of the next working period.</summary>
    DateTime StartOfWork(DateTime local)
    {
        DateOnly date = DateOnly.FromDateTime(local);
        TimeOnly time = TimeOnly.FromDateTime(local);
        if (this.IsWorkingDay(date) && time >= DayStart && time < DayEnd)
        {
            return local;
        }

        if (!this.IsWorkingDay(date) || time >= DayEnd)
        {
            do
            {
                date = date.AddDays(1);
            }
            while (!this.IsWorkingDay(date));
        }

        return date.ToDateTime(DayStart);
    }

    DateTimeOffset ToOffset(DateTime local) => new(local, this.zone.GetUtcOffset(local));

    static TimeZoneInfo UkZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
