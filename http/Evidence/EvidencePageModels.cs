using System.Globalization;
using EsafetyServerless.Http.Pages.Govuk;
using EsafetyServerless.Workflows.Evidence;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Http.Evidence;

/// <summary>The evidence page: the incident's evidence as the reader may see it, what they may do, and a form shown again with its errors.</summary>
/// <param name="ActiveForm">The form being shown again with its errors (<see cref="ReviewForm"/>…), or null.</param>
/// <param name="Done">Confirmation of what was just done, in the page's own words (<see cref="Confirmation"/>), or null.</param>
/// <param name="ReaderName">The reader's name, to fill "Who secured it".</param>
public sealed record EvidencePageModel(
    IncidentEvidence Evidence, bool MayPlaceHold, bool MayReleaseHold, bool MayDecideDisclosures, string? ActiveForm, FormState Form, string? Done, string? ReaderName = null)
{
    public const string ReviewForm = "review";
    public const string HeldItemForm = "held-item";
    public const string SecuredForm = "secured";

    /// <summary>The upload form (multipart, posted to <see cref="UploadAction"/>).</summary>
    public const string UploadForm = "upload";
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
            EvidencePermissions.MayDecideDisclosures(reader, agencyId), activeForm, form ?? FormState.Empty, Confirmation(done),
            evidence.People.FirstOrDefault(p => p.PersonId == reader.PersonId)?.DisplayName);
    }

    public string Action => "/incidents/" + this.Evidence.Incident.IncidentId + "/evidence";

    public string UploadAction => this.Action + "/files";

    /// <summary>Files may be stored once the incident is triaged, never for one involving indecent images of children.</summary>
    public bool MayUploadFiles =>
        !this.Evidence.InvolvesIndecentImages && this.Evidence.Incident.Report.Concerns is not null
        && this.Evidence.Incident.Status != Workflows.Incidents.IncidentStatus.AwaitingTriage;

    /// <summary>A person on the record by name; a notice's recipient ("recipient:lado") as the target.</summary>
    public string NameOf(string personId) => Workflows.Escalation.TargetNames.DescribeRecipient(personId) ?? this.Evidence.NameOf(personId);

    /// <summary>The key of one disclosure request's decision form (each request has its own).</summary>
    public static string DecisionForm(string requestId) => DisclosureDecisionForm + ":" + requestId;

    /// <summary>What a form on the page shows: the posted values and errors if it is the active one, else nothing.</summary>
    public FormState StateOf(string form) => this.ActiveForm == form ? this.Form : FormState.Empty;

    /// <summary>The confirmation for a form's key; null for anything else (the banner's words never come from the request).</summary>
    public static string? Confirmation(string? done) => done switch
    {
        ReviewForm => "Review recorded",
        HeldItemForm => "Held item recorded",
        UploadForm => "File stored and hashed",
        SecuredForm => "The evidence is recorded as secured and the task is done",
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
        HeldItemForm => "held-" + field + (field == "securedAt" ? "-day" : string.Empty),
        UploadForm => field is "fileName" or "file" ? "upload-file" : "upload-" + field,
        ReviewForm when field == "reviewedAt" => "reviewedAt-day",
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
        HeldItemForm or UploadForm => "register",
        SecuredForm => "secured",
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
        [new(string.Empty, "Choose a person"), .. people.Where(p => p.ActsAsAny(Roles.AgencyMembers)).OrderBy(p => p.DisplayName, StringComparer.CurrentCulture).Select(p => new Choice(p.PersonId, p.DisplayName))];
}

/// <summary>
/// One row of the chain of custody as the page shows it: what happened in words, to which item, by whom. Looking at
/// the evidence page again and again is one row ("Looked at the evidence page, 4 times until …"); every entry stays in
/// the audit trail and in the API's custody log.
/// </summary>
public sealed partial record CustodyRow(DateTimeOffset At, DateTimeOffset? Until, int Times, string What, string Item, string Who, string? Detail)
{
    public static IReadOnlyList<CustodyRow> Of(IncidentEvidence evidence, Func<string, string> nameOf)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(nameOf);
        List<CustodyRow> rows = [];
        foreach (CustodyRecord entry in evidence.Custody)
        {
            string who = nameOf(entry.Who) + (entry.Role is { Length: > 0 } role && !role.Equals("system", StringComparison.Ordinal) ? " (" + RoleWords(role) + ")" : string.Empty);
            CustodyRow row = new(entry.At, null, 1, Describe(entry.What, entry.Why), evidence.SubjectOf(entry.Subject), who, DetailOf(entry));
            if (entry.What == CustodyActions.View && rows.Count > 0 && rows[^1] is { Times: > 0 } last
                && last.What == row.What && last.Who == row.Who && last.Detail == row.Detail)
            {
                rows[^1] = last with { Until = entry.At, Times = last.Times + 1 };
                continue;
            }

            rows.Add(row);
        }

        return rows;
    }

    static string Describe(string what, string? why) => what switch
    {
        CustodyActions.View => why is { Length: > 0 } where ? "Looked at the " + where : "Looked at the evidence",
        CustodyActions.Upload => "File stored (hashed)",
        CustodyActions.UploadRefused => "File refused",
        CustodyActions.Secure => "Secured",
        CustodyActions.Secured => "Evidence marked as secured",
        CustodyActions.Seal => "Sealed",
        CustodyActions.Download => "Downloaded",
        CustodyActions.Verify => "Hashes checked",
        CustodyActions.Review => "Device or site reviewed",
        CustodyActions.Hold => "Legal hold placed",
        CustodyActions.Release => "Legal hold released",
        CustodyActions.DisclosureRequested => "Disclosure requested",
        CustodyActions.DisclosureApproved => "Disclosure approved",
        CustodyActions.DisclosurePackaged => "Disclosure package prepared",
        CustodyActions.DisclosureRefused => "Disclosure refused",
        CustodyActions.Transfer => "Package downloaded by the requester",
        CustodyActions.TransferRefused => "Package download refused",
        CustodyActions.Purge => "Purged",
        CustodyActions.PurgeRefused => "Purge refused",
        _ => what,
    };

    /// <summary>The entry's detail in words; a page view's detail is already in <see cref="What"/>.</summary>
    static string? DetailOf(CustodyRecord entry)
    {
        string? detail = entry.What == CustodyActions.View ? null : entry.Why;

        // The trail's details are key=value for machines ("seal=…", "sha256=… bytes=…"); the page says them in words.
        if (detail is not null && detail.StartsWith("reason=", StringComparison.Ordinal))
        {
            detail = "Why: " + detail["reason=".Length..];
        }
        else if (detail is not null)
        {
            detail = KeyedDetail().Replace(detail, m => m.Groups["key"].Value switch
            {
                "seal" => "Seal number " + m.Groups["value"].Value,
                "sha256" => "SHA-256 " + m.Groups["value"].Value,
                "bytes" => long.TryParse(m.Groups["value"].Value, CultureInfo.InvariantCulture, out long bytes) ? bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes" : m.Value,
                _ => m.Value,
            });
        }

        return entry.From is { Length: > 0 } from ? (detail is null ? "From " + from : detail + "; from " + from) : detail;
    }

    static string RoleWords(string role) =>
        WireNames.TryParse(role, out Role parsed) || Enum.TryParse(role, ignoreCase: false, out parsed) ? Pages.Navigation.Describe(parsed) : role;

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?<key>seal|sha256|bytes)=(?<value>\S+)", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex KeyedDetail();
}
