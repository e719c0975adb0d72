using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Incidents;

namespace EsafetyServerless.Workflows.Escalation;

/// <summary>How soon each target must acknowledge an escalation (docs/domain.md, "Deadlines").</summary>
public static class EscalationDeadlines
{
    static readonly WorkingCalendar Calendar = new();

    /// <summary>The police, CEOP and the IWF are told at once; the LADO and the First Response Team within a working day.</summary>
    public static EscalationUrgency UrgencyOf(EscalationTarget target) =>
        target is EscalationTarget.Lado or EscalationTarget.FirstResponse ? EscalationUrgency.WithinOneWorkingDay : EscalationUrgency.Immediate;

    /// <summary>When a notice sent <paramref name="now"/> must be acknowledged: within the hour, or by the same time the next working day.</summary>
    public static DateTimeOffset DueAt(EscalationTarget target, DateTimeOffset now) =>
        UrgencyOf(target) == EscalationUrgency.WithinOneWorkingDay ? Calendar.AddWorkingDays(now, 1) : now.AddHours(1);
}
