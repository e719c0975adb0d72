using EsafetyServerless.Http.Intake;
using EsafetyServerless.Http.Pages.Govuk;
using EsafetyServerless.Workflows.Incidents;

namespace EsafetyServerless.Http.Incidents;

public sealed record ReportFormModel(FormState Form, string SubmissionToken);

/// <param name="PeopleSlots">Fieldsets for the people involved: each person named, and one to add someone.</param>
public sealed record CorrectionPageModel(Incident Incident, FormState Form, int PeopleSlots);

/// <param name="FindTheOfficerNow">The reporter said it is urgent or a child is at risk of significant harm.</param>
public sealed record ReportConfirmationModel(string Reference, bool FindTheOfficerNow);

public sealed record YourReportRow(string IncidentId, string Reference, DateTimeOffset SubmittedAt, string Status);

public sealed record YourReportsModel(IReadOnlyList<YourReportRow> Rows, string? NextHref);

/// <param name="ActiveForm">The form being shown again with its errors (<see cref="TriageForm"/>…), or null.</param>
/// <param name="Form">That form's values and errors.</param>
/// <param name="Saved">A form was just saved (the page shows a success banner).</param>
/// <param name="PeopleNames">The agency's people by id, so the record names who did what.</param>
/// <param name="IsReporter">The reader reported this incident (they may add further information to it).</param>
/// <param name="Printing">The print view: the whole record with nothing folded away, and no forms.</param>
public sealed record IncidentPageModel(
    IncidentCase Case, string? ActiveForm, FormState Form, bool Saved, DateTimeOffset Now, IReadOnlyDictionary<string, string>? PeopleNames = null,
    bool IsReporter = false, bool Printing = false)
{
    /// <summary>A person's name for a person id on the record (the workflows' own steps are "the system").</summary>
    public string NameOf(string personId) =>
        personId == IncidentAction.SystemActor ? "the system"
        : Workflows.Escalation.TargetNames.DescribeRecipient(personId) is { } recipient ? recipient
        : this.PeopleNames is { } names && names.TryGetValue(personId, out string? name) ? name
        : this.Case.Reporter is { } reporter && reporter.PersonId == personId ? reporter.DisplayName
        : personId;

    public const string TriageForm = "triage";
    public const string ActionForm = "action";
    public const string ConclusionForm = "conclusion";
    public const string AddendumForm = "addendum";

    public static string EscalationForm(string escalationId) => "escalation:" + escalationId;

    public static string ClosureForm(string escalationId) => "closure:" + escalationId;

    /// <summary>
    /// What a form on the page shows: the posted values and errors if it is the active one, else nothing — except the
    /// triage form, which starts from the reporter's answers (a "Not sure" left for the officer to answer).
    /// </summary>
    public FormState StateOf(string form) =>
        this.ActiveForm == form ? this.Form
        : form == TriageForm && this.Case.Incident.Report.Concerns is not null ? FormState.Posted(IncidentForms.Filled(this.Case.Incident.Report), null)
        : FormState.Empty;

    /// <summary>Maps a rule's field name to the id of the input on the active form, for the error summary.</summary>
    public static string FieldId(string form, string field) => form switch
    {
        TriageForm => IncidentForms.FieldId(field),
        ActionForm => "action-description",
        AddendumForm => "addendum-text",
        _ when form.StartsWith("escalation:", StringComparison.Ordinal) => "reference-" + form["escalation:".Length..],
        _ when form.StartsWith("closure:", StringComparison.Ordinal) => "closure-" + form["closure:".Length..],
        _ => field,
    };
}

/// <param name="Route">In words; null until the response is planned.</param>
public sealed record IncidentLogRow(
    string IncidentId, string Reference, DateTimeOffset SubmittedAt, DateTimeOffset OccurredAt, string ReportedBy, string? Route, bool Serious, int OverdueReferrals, string Status);

/// <param name="Filters">The filter form's values (from the query string) and errors.</param>
/// <param name="Banner">Confirmation of a decision just taken, in the page's own words.</param>
public sealed record IncidentLogModel(
    FormState Filters, IReadOnlyList<IncidentLogRow> Rows, string? NextHref, string CsvHref, string? Banner, UnverifiedReportsModel Unverified);
