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
        _ => "Closed by the officer",
    };

    static string Label(Choice[] choices, string value) => choices.FirstOrDefault(c => c.Value == value)?.Label ?? value;
}
