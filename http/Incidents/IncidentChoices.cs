using EsafetyServerless.Http.Pages;
using EsafetyServerless.Http.Pages.Govuk;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Http.Incidents;

/// <summary>The report's questions and their answers in plain words, on the forms and wherever an answer is shown.</summary>
public static class IncidentChoices
{
    public static readonly Choice[] HowIdentified =
    [
        new("disclosure", "Someone told me (a disclosure)", "For example a child, parent or colleague told you about it"),
        new("observed", "I saw it happen"),
        new("monitoring-alert", "A network monitoring alert"),
        new("filtering-report", "A web filtering report"),
        new("complaint", "A complaint"),
        new("other", "Another way"),
    ];

    public static readonly Choice[] InvolvedRoles =
    [
        new("child", "Child or young person"),
        new("staff", "Member of staff"),
        new("volunteer", "Volunteer"),
        new("parent-carer", "Parent or carer"),
        new("other", "Someone else"),
    ];

    public static readonly Choice[] IllegalKinds =
    [
        new("indecent-images-of-children", "Indecent images of children"),
        new("grooming-or-sexual-exploitation", "Grooming or sexual exploitation of a child"),
        new("extremism-or-hate", "Extremism, terrorism or inciting racial hatred"),
        new("other-criminal", "Other criminal activity"),
    ];

    public static readonly Choice[] LadoThresholds =
    [
        new("harmed-a-child", "They have harmed, or may have harmed, a child"),
        new("criminal-offence", "They may have committed a criminal offence against or related to a child"),
        new("risk-of-harm", "They behaved towards a child in a way that suggests they may pose a risk of harm"),
        new("unsuitable-to-work-with-children", "They behaved in a way that suggests they may not be suitable to work with children"),
    ];

    public static readonly Choice[] YesNo = [new("yes", "Yes"), new("no", "No")];

    /// <summary>The report form's answers to the flowchart's questions: a reporter need not guess.</summary>
    public static readonly Choice[] YesNoNotSure = [.. YesNo, new("not-sure", "Not sure")];

    public static readonly Choice[] Parts = [new("victim", "They were harmed or targeted"), new("instigator", "They caused it")];

    public static readonly Choice[] AllegationOutcomes =
        [.. WireNames.All<AllegationOutcome>().Select(o => new Choice(o, char.ToUpperInvariant(o[0]) + o[1..]))];

    public static string Describe(HowIdentified how) => Label(HowIdentified, WireNames.Of(how));

    public static string Describe(InvolvedRole role) => Label(InvolvedRoles, WireNames.Of(role));

    public static readonly Choice[] Statuses =
    [
        new("awaiting-triage", "Awaiting triage"),
        new("open", "Open"),
        new("concluded", "Concluded"),
        new("closed", "Closed"),
    ];

    public static readonly Choice[] Routes =
    [
        new("police", "Police"),
        new("lado", "LADO"),
        new("first-response", "First Response Team"),
        new("internal", "Within the agency"),
    ];

    public static string Describe(IncidentStatus status) => Label(Statuses, WireNames.Of(status));

    public static string Describe(ResponseRoute route) => Label(Routes, WireNames.Of(route));

    /// <summary>Where a referral stands, in words.</summary>
    public static string Describe(EscalationState state) => state switch
    {
        EscalationState.Queued => "Being sent",
        EscalationState.Sent => "Waiting for acknowledgement",
        EscalationState.Acknowledged => "Acknowledged",
        EscalationState.Overdue => "Overdue",
        EscalationState.Failed => "Not delivered",
        EscalationState.Withdrawn => "Withdrawn after a correction",
        _ => "Closed by the officer",
    };

    /// <summary>Which of the flowchart's answers calls for a referral to the target (docs/domain.md, "The incident flowchart").</summary>
    public static string WhyReferred(EscalationTarget target) => target switch
    {
        EscalationTarget.Police => "something may be illegal",
        EscalationTarget.Ceop => "indecent images of children, or grooming or sexual exploitation, are suspected",
        EscalationTarget.Iwf => "indecent images of children were seen on a public website",
        EscalationTarget.Lado => "a member of staff or volunteer may have met the LADO threshold",
        _ => "a child may be at risk of significant harm",
    };

    /// <summary>The flowchart's answers in words, one line per question.</summary>
    public static IReadOnlyList<string> Describe(Concerns concerns)
    {
        ArgumentNullException.ThrowIfNull(concerns);
        static string YesNoWord(bool? answer) => answer switch { true => "yes", false => "no", null => "not sure" };
        return
        [
            "May be illegal: " + YesNoWord(concerns.IllegalSuspected)
                + (concerns.IllegalKinds.Count > 0 ? " (" + string.Join("; ", concerns.IllegalKinds.Select(k => Label(IllegalKinds, WireNames.Of(k)))) + ")" : string.Empty),
            .. concerns.PublicWebUrl is { } url ? ["Seen on the public website " + url] : Array.Empty<string>(),
            "A member of staff or volunteer involved: " + YesNoWord(concerns.StaffInvolved)
                + (concerns.LadoThreshold.Count > 0 ? " (" + string.Join("; ", concerns.LadoThreshold.Select(t => Label(LadoThresholds, WireNames.Of(t)))) + ")" : string.Empty),
            "A child at risk of significant harm: " + YesNoWord(concerns.ChildAtRiskOfSignificantHarm),
            "Something must happen today: " + YesNoWord(concerns.Urgent),
        ];
    }

    /// <summary>One field's value as a correction shows it.</summary>
    public static string Describe(string field, ReportedValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return field switch
        {
            ReportFields.OccurredAt => value.OccurredAt is { } at ? Display.MomentInFull(at) : "not given",
            ReportFields.HowIdentified => value.HowIdentified is { } how ? Describe(how) : "not given",
            ReportFields.Technology => value.Technology ?? "none given",
            ReportFields.PeopleInvolved => value.PeopleInvolved is { Count: > 0 } people
                ? string.Join("; ", people.Select(p => p.Name + " (" + Describe(p.Role) + ")")) : "none named",
            ReportFields.Concerns => value.Concerns is { } concerns ? string.Join(". ", Describe(concerns)) : "not answered",
            ReportFields.Description => value.Description ?? string.Empty,
            _ => string.Empty,
        };
    }

    static string Label(Choice[] choices, string value) => choices.FirstOrDefault(c => c.Value == value)?.Label ?? value;
}
