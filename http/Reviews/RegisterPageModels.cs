using EsafetyServerless.Http.Pages.Govuk;
using EsafetyServerless.Workflows.Compliance;
using EsafetyServerless.Workflows.Registers;
using EsafetyServerless.Workflows.Reviews;

namespace EsafetyServerless.Http.Reviews;

/// <param name="ComplianceHref">The agency's compliance page, for those who may see it.</param>
public sealed record RegistersPageModel(string AgencyId, string? ComplianceHref, IReadOnlyList<RegisterSection> Sections);

/// <param name="Id">The heading's id, which the compliance checks link to ("#training").</param>
/// <param name="AddHref">The add form, for those who may record this kind.</param>
public sealed record RegisterSection(string Id, string Heading, string? AddHref, IReadOnlyList<RegisterRow> Rows);

public sealed record RegisterRow(string Href, string Title, string Details, DateOnly? LastReviewed, DateOnly? NextReviewDue, StatusTag? Due);

/// <param name="Names">Person id to name, for reviewers, those responsible, signers.</param>
/// <param name="People">The choices of the review's and the delegation's person selects.</param>
/// <param name="Banner">What was just done, in the page's own words.</param>
/// <param name="ActiveForm">The form shown again with its errors (<see cref="ReviewForm"/>…), or null.</param>
/// <param name="Form">That form's values and errors.</param>
/// <param name="KeepsAups">The officer or senior manager: records signatures and sees them.</param>
/// <param name="SignsForSelf">Someone who signs the staff AUP for themselves.</param>
public sealed record RegisterItemPageModel(
    RegisterItemCase Case,
    IReadOnlyDictionary<string, string> Names,
    IReadOnlyList<Choice> People,
    string? Banner,
    string? ActiveForm,
    FormState Form,
    bool KeepsAups,
    bool SignsForSelf,
    bool MayReview,
    bool MayDelegate,
    bool MayChange = false)
{
    public const string ReviewForm = "review";
    public const string DelegationForm = "delegation";
    public const string SignatureForm = "signature";
    public const string DocumentForm = "document";
    public const string CoverageForm = "coverage";

    /// <summary>Who has signed the AUP's current version, for those who keep the AUPs; null otherwise.</summary>
    public AupCoverage? Coverage => this.Case is { Item.Aup: not null, Signatures: { } signatures } ? AupCoverage.Of(this.Case.Item, signatures, this.Case.People) : null;

    /// <summary>What a form on the page shows: the posted values and errors if it is the active one, else nothing.</summary>
    public FormState StateOf(string form) => this.ActiveForm == form ? this.Form : FormState.Empty;

    /// <summary>Maps a rule's field name to the id of the input on the active form, for the error summary.</summary>
    public static string FieldId(string form, string field) => (form, field) switch
    {
        (ReviewForm, "actions[0].description") => "action",
        (ReviewForm, "actions[0].responsiblePersonId") => "responsible",
        (ReviewForm, "itemId") => "issuesIdentified",
        (DelegationForm, "itemId") => "delegateTo",
        (SignatureForm, "version" or "itemId") => "signer",
        _ => field,
    };
}

/// <param name="People">The choices of the form's person selects.</param>
/// <param name="Editing">The item being changed, or null when one is being added.</param>
public sealed record AddRegisterItemPageModel(string AgencyId, RegisterKind Kind, IReadOnlyList<Choice> People, FormState Form, RegisterItem? Editing = null)
{
    public string Action => this.Editing is { } item ? RegisterPaths.Edit(item) : RegisterPaths.Add(this.AgencyId, this.Kind);
}

/// <param name="MayFix">Whether the reader keeps the agency's registers (the board admin only looks).</param>
public sealed record AgencyCompliancePageModel(AgencyCompliance Compliance, bool MayFix);

public sealed record BoardCompliancePageModel(IReadOnlyList<AgencyCompliance> Agencies);
