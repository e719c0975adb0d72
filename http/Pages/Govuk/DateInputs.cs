using System.Globalization;
using EsafetyServerless.Workflows.Platform;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Pages.Govuk;

/// <summary>Reads what a <c>DateInput</c> with a time posts: UK local time, as the person typed it, into an ISO 8601 moment.</summary>
public static class DateInputs
{
    /// <summary>
    /// The moment typed into the date input <paramref name="id"/> (<c>{id}-day</c>, <c>-month</c>, <c>-year</c>,
    /// <c>-time</c>): empty when nothing was typed (the rule then says what is missing), "invalid" with
    /// <paramref name="message"/> against <paramref name="field"/> when it is not a real date and time.
    /// </summary>
    public static string Moment(IFormCollection form, string id, string field, string message, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(errors);
        string day = form[id + "-day"].ToString().Trim(), month = form[id + "-month"].ToString().Trim(), year = form[id + "-year"].ToString().Trim();
        string time = form[id + "-time"].ToString().Trim().Replace('.', ':');
        if (day.Length + month.Length + year.Length == 0)
        {
            return string.Empty;
        }

        if (int.TryParse(day, NumberStyles.None, CultureInfo.InvariantCulture, out int d) && int.TryParse(month, NumberStyles.None, CultureInfo.InvariantCulture, out int m)
            && int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out int y) && y is >= 1 and <= 9999 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m)
            && (time.Length == 0 || TimeOnly.TryParseExact(time, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
        {
            TimeOnly at = time.Length == 0 ? TimeOnly.MinValue : TimeOnly.ParseExact(time, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture);
            DateTime local = new DateOnly(y, m, d).ToDateTime(at);
            return new DateTimeOffset(local, UkTime.OffsetAt(local)).ToString("O", CultureInfo.InvariantCulture);
        }

        errors.Add(field, message);
        return "invalid";
    }
}
