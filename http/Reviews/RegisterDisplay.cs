using EsafetyServerless.Http.Pages;
using EsafetyServerless.Workflows.Compliance;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Registers;

namespace EsafetyServerless.Http.Reviews;

/// <summary>A GOV.UK tag's words and colour.</summary>
public sealed record StatusTag(string Text, string Colour);

/// <summary>How register items and compliance read on the pages: headings, one-line summaries, dates and status tags.</summary>
public static class RegisterDisplay
{
    /// <summary>The registers in the order of the standard, with the heading each has on the pages.</summary>
    public static readonly (RegisterKind Kind, string Heading)[] Sections =
    [
        (RegisterKind.OfficerAppointment, "E-safety officer"),
        (RegisterKind.Aup, "Acceptable use policies"),
        (RegisterKind.Policy, "Policies and procedures"),
        (RegisterKind.Technology, "Technology inventory and risk assessments"),
        (RegisterKind.Filtering, "Filtering and monitoring"),
        (RegisterKind.Training, "Training log"),
    ];

    public static string Heading(RegisterKind kind) => Sections.First(s => s.Kind == kind).Heading;

    /// <summary>"27 March 2027", or a dash for no date.</summary>
    public static string Date(DateOnly? date) => date is { } d ? Display.Date(d) : "—";

    public static string Name(IReadOnlyDictionary<string, string> names, string personId)
    {
        ArgumentNullException.ThrowIfNull(names);
        return names.TryGetValue(personId, out string? name) ? name : personId;
    }

    /// <summary>Who a session trained: the group, a few attendees by name, or how many attended.</summary>
    static string Trained(IReadOnlyDictionary<string, string> names, TrainingDetails training)
    {
        IReadOnlyList<string> attendees = training.AttendeeIds();
        return TrainingDetails.IsForGroups(training.Role) || attendees.Count == 0 ? training.Trainee
            : attendees.Count <= 3 ? string.Join(", ", attendees.Select(a => Name(names, a)).Order(StringComparer.CurrentCulture))
            : Display.Count(attendees.Count) + " attendees";
    }

    /// <summary>The item's facts in a line: who, what version, what is missing.</summary>
    public static string Summary(RegisterItem item, IReadOnlyDictionary<string, string> names)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind switch
        {
            RegisterKind.OfficerAppointment when item.Officer is { } o => Name(names, o.PersonId) + " since " + Date(o.Since) + (o.TrainingHeld.Count > 0 ? "; " + string.Join(", ", o.TrainingHeld) : "; no training recorded"),
            RegisterKind.Aup when item.Aup is { } a => WireNames.Of(a.Audience) + (a.AgeGroup is null ? string.Empty : " (" + a.AgeGroup + ")") + ", version " + a.Version
                + "; covers " + (a.TechnologiesCovered.Count == 0 ? "no technologies" : string.Join(", ", a.TechnologiesCovered))
                + "; sanctions " + (a.StatesSanctions ? "stated" : "NOT stated") + ", monitoring " + (a.StatesMonitoring ? "stated" : "NOT stated")
                + (a.DocumentBlob is null ? "; no document" : "; document held") + (a.FlaggedForReview is null ? string.Empty : "; " + a.FlaggedForReview),
            RegisterKind.Policy when item.Policy is { } p => WireNames.Of(p.PolicyKind),
            RegisterKind.Technology when item.Technology is { } t => (t.ChildrenCanAccess ? "children can access" : "staff only")
                + (t.RiskAssessment is { } r ? "; risk assessment owned by " + Name(names, r.OwnerPersonId) + ": " + Display.Count(r.Risks.Count) + " risks, " + Display.Count(r.Mitigations.Count) + " mitigations" : t.ChildrenCanAccess ? "; NO risk assessment" : string.Empty),
            RegisterKind.Filtering when item.Filtering is { } f => f.Provider + (f.IwfUrlList ? ", IWF URL list" : ", NOT on the IWF URL list") + (f.Accreditation is null ? string.Empty : ", " + f.Accreditation)
                + (f.MonitoringInPlace ? "; monitoring in place" : "; no monitoring"),
            RegisterKind.Training when item.Training is { } t => WireNames.Of(t.Role) + ": " + Trained(names, t) + ", " + t.Course + " (" + t.Provider + ") on " + Date(t.CompletedOn),
            _ => string.Empty,
        };
    }

    /// <summary>Where the item's review stands (overdue, due within 30 days, current); null for a kind without a cycle.</summary>
    public static StatusTag? Due(RegisterItem item, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(item);
        return !ReviewCycle.HasCycle(item.Kind) ? null : ComplianceChecks.DueStatus(item.NextReviewDue, now) switch
        {
            ComplianceStatus.Red => new StatusTag("Overdue", "red"),
            ComplianceStatus.Amber => new StatusTag("Due soon", "yellow"),
            _ => new StatusTag("Current", "green"),
        };
    }

    public static StatusTag Of(ComplianceStatus status) => status switch
    {
        ComplianceStatus.Green => new StatusTag("Green", "green"),
        ComplianceStatus.Amber => new StatusTag("Amber", "yellow"),
        _ => new StatusTag("Red", "red"),
    };
}
