using EsafetyServerless.Http.Pages.Govuk;
using EsafetyServerless.Workflows.Evidence;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Http.Evidence;

/// <summary>The evidence page: the incident's evidence as the reader may see it, what they may do, and a form shown again with its errors.</summary>
/// <param name="ActiveForm">The form being shown again with its errors (<see cref="ReviewForm"/>…), or null.</param>
/// <param name="Done">Confirmation of what was just done, in the page's own words (<see cref="Confirmation"/>), or null.</param>
public sealed record EvidencePageModel(
    IncidentEvidence Evidence, bool MayPlaceHold, bool MayReleaseHold, bool MayDecideDisclosures, string? ActiveForm, FormState Form, string? Done)
{
    public const string ReviewForm = "review";
    public const string HoldPlaceForm = "hold-place";
    public const string HoldReleaseForm = "hold-release";
    public const string DisclosureRequestForm = "disclosure-request";
    public const string DisclosureDecisionForm = "disclosure-decision";

    /// <summary>What a refused disclosure confirms with (an approval shows the package's link instead).</summary>
    public const string DisclosureRefused = "disclosure-refused";

    public static EvidencePageModel For(IncidentEvidence evidence, Actor reader, string? activeForm = null, FormState? form = null, string? done = null)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        string agencyId = evidence.Incident.AgencyId;
        return new(
            evidence, EvidencePermissions.MayPlaceHold(reader, agencyId), EvidencePermissions.MayReleaseHold(reader, agencyId),
            EvidencePermissions.MayDecideDisclosures(reader, agencyId), activeForm, form ?? FormState.Empty, Confirmation(done));
    }

    public string Action => "/incidents/" + this.Evidence.Incident.IncidentId + "/evidence";

    /// <summary>The key of one disclosure request's decision form (each request has its own).</summary>
    public static string DecisionForm(string requestId) => DisclosureDecisionForm + ":" + requestId;

    /// <summary>What a form on the page shows: the posted values and errors if it is the active one, else nothing.</summary>
    public FormState StateOf(string form) => this.ActiveForm == form ? this.Form : FormState.Empty;

    /// <summary>The confirmation for a form's key; null for anything else (the banner's words never come from the request).</summary>
    public static string? Confirmation(string? done) => done switch
    {
        ReviewForm => "Review recorded",
        HoldPlaceForm => "Legal hold placed",
        HoldReleaseForm => "Legal hold released",
        DisclosureRequestForm => "Disclosure request recorded",
        DisclosureRefused => "Disclosure refused",
        _ => null,
    };

    /// <summary>Maps a rule's field name to the id of the input on the active form, for the error summary.</summary>
    public static string FieldId(string form, string field) => form switch
    {
        HoldPlaceForm => "hold-place-reason",
        HoldReleaseForm => "hold-release-reason",
        _ when form.StartsWith(DisclosureDecisionForm + ":", StringComparison.Ordinal) => field + "-" + form[(DisclosureDecisionForm.Length + 1)..],
        _ => field,
    };

    /// <summary>
    /// The section of the page a form belongs to: where a failure that is about no one field (someone acted first, a
    /// rule refuses the action) is linked to from the error summary, since the form itself may no longer be shown.
    /// </summary>
    public static string SectionOf(string form) => form switch
    {
        HoldPlaceForm or HoldReleaseForm => "hold",
        ReviewForm => "reviews",
        _ => "disclosures",
    };
}

/// <summary>An approved disclosure's package page: being prepared (<paramref name="Link"/> null), or its one-time link.</summary>
/// <param name="PagePath">This page's own address, to look again while the package is being prepared.</param>
public sealed record DisclosureApprovedModel(string IncidentId, string Reference, string PagePath, string? Link, DateTimeOffset? LinkExpiresAt);

/// <summary>The retention page: what is due, and one item's purge form shown again with its errors.</summary>
/// <param name="ActiveIncidentId">The incident whose purge form is shown again, or null.</param>
/// <param name="Purged">The reference of the incident just purged, for the confirmation.</param>
public sealed record RetentionPageModel(IReadOnlyList<RetentionDue> Due, string? ActiveIncidentId, FormState Form, string? Purged)
{
    public FormState StateOf(string incidentId) => this.ActiveIncidentId == incidentId ? this.Form : FormState.Empty;

    public static string FieldId(string incidentId, string field) => field switch
    {
        "confirmReference" => "confirm-" + incidentId,
        IncidentField => CardId(incidentId),
        _ => "purge-" + incidentId,
    };

    /// <summary>Where a failure about the incident as a whole (a legal hold placed meanwhile) is shown: its card.</summary>
    public const string IncidentField = "incident";

    public static string CardId(string incidentId) => "incident-" + incidentId;
}

/// <summary>How the evidence pages name the bodies that ask for a disclosure.</summary>
public static class EvidenceChoices
{
    public static IReadOnlyList<Choice> RequestingBodies { get; } =
    [
        new(WireNames.Of(RequestingBody.Police), "Police"),
        new(WireNames.Of(RequestingBody.Lado), "LADO"),
        new(WireNames.Of(RequestingBody.OtherAgency), "Another agency"),
    ];

    public static IReadOnlyList<Choice> Decisions { get; } = [new("approve", "Approve the disclosure"), new("refuse", "Refuse it")];

    public static string Describe(RequestingBody body) => RequestingBodies.First(b => b.Value == WireNames.Of(body)).Label;

    /// <summary>The agency's people who can review a device (not the board admin), for the reviewers' selects.</summary>
    public static IReadOnlyList<Choice> Reviewers(IReadOnlyList<Person> people) =>
        [new(string.Empty, "Choose a person"), .. people.Where(p => p.Role != Role.BoardAdmin).OrderBy(p => p.DisplayName, StringComparer.CurrentCulture).Select(p => new Choice(p.PersonId, p.DisplayName))];
}
