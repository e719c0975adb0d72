using System.Globalization;
using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Pages;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Compliance;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Registers;
using EsafetyServerless.Workflows.Reviews;
using EsafetyServerless.Workflows.Tasks;
using Microsoft.AspNetCore.Http;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Http.Reviews;

static class RegisterHtml
{
    static readonly CultureInfo Uk = CultureInfo.GetCultureInfo("en-GB");

    public static string Date(DateOnly? date) => date?.ToString("d MMMM yyyy", Uk) ?? "—";

    public static readonly (RegisterKind Kind, string Heading)[] Sections =
    [
        (RegisterKind.OfficerAppointment, "E-safety officer"),
        (RegisterKind.Aup, "Acceptable use policies"),
        (RegisterKind.Policy, "Policies and procedures"),
        (RegisterKind.Technology, "Technology inventory and risk assessments"),
        (RegisterKind.Filtering, "Filtering and monitoring"),
        (RegisterKind.Training, "Training log"),
    ];

    public static string Summary(RegisterItem item, IReadOnlyDictionary<string, string> names) => item.Kind switch
    {
        RegisterKind.OfficerAppointment when item.Officer is { } o => Name(names, o.PersonId) + " since " + Date(o.Since) + (o.TrainingHeld.Count > 0 ? "; " + string.Join(", ", o.TrainingHeld) : "; no training recorded"),
        RegisterKind.Aup when item.Aup is { } a => WireNames.Of(a.Audience) + (a.AgeGroup is null ? string.Empty : " (" + a.AgeGroup + ")") + ", version " + a.Version
            + "; covers " + (a.TechnologiesCovered.Count == 0 ? "no technologies" : string.Join(", ", a.TechnologiesCovered))
            + "; sanctions " + (a.StatesSanctions ? "stated" : "NOT stated") + ", monitoring " + (a.StatesMonitoring ? "stated" : "NOT stated")
            + (a.DocumentBlob is null ? "; no document" : "; document held") + (a.FlaggedForReview is null ? string.Empty : "; " + a.FlaggedForReview),
        RegisterKind.Policy when item.Policy is { } p => WireNames.Of(p.PolicyKind),
        RegisterKind.Technology when item.Technology is { } t => (t.ChildrenCanAccess ? "children can access" : "staff only")
            + (t.RiskAssessment is { } r ? "; risk assessment owned by " + Name(names, r.OwnerPersonId) + ": " + r.Risks.Count + " risks, " + r.Mitigations.Count + " mitigations" : t.ChildrenCanAccess ? "; NO risk assessment" : string.Empty),
        RegisterKind.Filtering when item.Filtering is { } f => f.Provider + (f.IwfUrlList ? ", IWF URL list" : ", NOT on the IWF URL list") + (f.Accreditation is null ? string.Empty : ", " + f.Accreditation)
            + (f.MonitoringInPlace ? "; monitoring in place" : "; no monitoring"),
        RegisterKind.Training when item.Training is { } t => WireNames.Of(t.Role) + ": " + Name(names, t.Trainee) + ", " + t.Course + " (" + t.Provider + ") on " + Date(t.CompletedOn),
        _ => string.Empty,
    };

    public static string Name(IReadOnlyDictionary<string, string> names, string id) => names.TryGetValue(id, out string? name) ? name : id;

    public static string DueTag(RegisterItem item, DateTimeOffset now)
    {
        if (!ReviewCycle.HasCycle(item.Kind))
        {
            return string.Empty;
        }

        ComplianceStatus status = ComplianceChecks.DueStatus(item.NextReviewDue, now);
        string text = status switch { ComplianceStatus.Red => "Overdue", ComplianceStatus.Amber => "Due soon", _ => "Current" };
        string colour = status switch { ComplianceStatus.Red => "red", ComplianceStatus.Amber => "yellow", _ => "green" };
        return "<strong class=\"govuk-tag govuk-tag--" + colour + "\">" + text + "</strong>";
    }
}

/// <summary><c>GET /agencies/{agencyId}/registers</c>: every register of the agency, what is due and what is missing.</summary>
[Endpoint("GET", "agencies/{agencyId}/registers", Roles.EsafetyLeads | Roles.Technician)]
public sealed class RegistersPageEndpoint(IRegisterStore registers, IPeopleDirectory directory, AuditRecorder audit, TimeProvider timeProvider) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string agencyId = request.RouteValue("agencyId");
        if (RegisterAccess.Denied(request.SignedIn, agencyId) is not null)
        {
            return LegacyErrorPages.Forbidden("You can use only your own agency's registers.");
        }

        IReadOnlyList<RegisterItem> items = await registers.ListAsync(agencyId, request.Aborted);
        Dictionary<string, string> names = (await directory.ListPeopleAsync(agencyId, request.Aborted)).ToDictionary(p => p.PersonId, p => p.DisplayName, StringComparer.Ordinal);
        await audit.RecordAsync(request.SignedIn, agencyId, AuditActions.List, "registers", "page");
        DateTimeOffset now = timeProvider.GetUtcNow();
        Html html = new Html().Raw("<h1 class=\"govuk-heading-xl\">Registers</h1>")
            .Raw("<p class=\"govuk-body\">What the e-safety minimum standards require the agency to keep, each reviewed at least every 12 months. ")
            .Raw("<a class=\"govuk-link\" href=\"/agencies/").Text(agencyId).Raw("/compliance\">See the compliance checks</a>.</p>")
            .Raw("<p class=\"govuk-body\">Reviews, delegations and signatures are recorded on each item's page.</p>");
        foreach ((RegisterKind kind, string heading) in RegisterHtml.Sections)
        {
            List<RegisterItem> section = items.Where(i => i.Kind == kind).ToList();
            html.Raw("<h2 class=\"govuk-heading-l\" id=\"").Text(ReviewCycle.Prefix(kind)).Raw("\">").Text(heading).Raw("</h2>");
            if (RegisterAccess.MayWrite(request.SignedIn.Role, kind))
            {
                html.Raw("<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/agencies/").Text(agencyId).Raw("/add/").Text(ReviewCycle.Prefix(kind)).Raw("\">Add<span class=\"govuk-visually-hidden\"> to ").Text(heading).Raw("</span></a></p>");
            }

            if (section.Count == 0)
            {
                html.Raw("<p class=\"govuk-body\">Nothing recorded yet.</p>");
                continue;
            }

            html.Raw("<table class=\"govuk-table\"><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">")
                .Raw("<th scope=\"col\" class=\"govuk-table__header\">Item</th><th scope=\"col\" class=\"govuk-table__header\">Details</th>")
                .Raw("<th scope=\"col\" class=\"govuk-table__header\">Last reviewed</th><th scope=\"col\" class=\"govuk-table__header\">Next due</th></tr></thead><tbody class=\"govuk-table__body\">");
            foreach (RegisterItem item in section)
            {
                html.Raw("<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"").Text(ReviewTexts.Link(item)).Raw("\">").Text(item.Title).Raw("</a></td>")
                    .Raw("<td class=\"govuk-table__cell\">").Text(RegisterHtml.Summary(item, names)).Raw("</td>")
                    .Raw("<td class=\"govuk-table__cell\">").Text(RegisterHtml.Date(item.LastReviewed)).Raw("</td>")
                    .Raw("<td class=\"govuk-table__cell\">").Text(RegisterHtml.Date(item.NextReviewDue)).Raw(' '.ToString()).Raw(RegisterHtml.DueTag(item, now)).Raw("</td></tr>");
            }

            html.Raw("</tbody></table>");
        }

        return Layout.Page("Registers", html.ToString(), request.SignedIn);
    }
}

/// <summary>
/// <c>GET /agencies/{agencyId}/registers/{itemId}</c>: one item, its review history and signatures, and the forms to record
/// a review or delegate it.
/// </summary>
[Endpoint("GET", "agencies/{agencyId}/registers/{itemId}", Roles.AgencyMembers)]
public sealed class RegisterItemPageEndpoint(IRegisterStore registers, ITaskStore tasks, IPeopleDirectory directory, AuditRecorder audit, TimeProvider timeProvider) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string agencyId = request.RouteValue("agencyId");
        if (RegisterAccess.Denied(request.SignedIn, agencyId) is not null)
        {
            return LegacyErrorPages.Forbidden("You can use only your own agency's registers.");
        }

        RegisterItem? item = await registers.FindAsync(agencyId, request.RouteValue("itemId"), request.Aborted);
        if (item is null)
        {
            return LegacyErrorPages.Problem(StatusCodes.Status404NotFound, "There is no register item with that id in this agency.");
        }

        if (!await MaySeeAsync(tasks, request.SignedIn, item, request.Aborted))
        {
            return LegacyErrorPages.Forbidden("Staff see the staff acceptable use policy, and any review delegated to them.");
        }

        await audit.RecordAsync(request.SignedIn, agencyId, AuditActions.Read, item.ItemId, "page");
        return await RenderAsync(request, item, tasks, registers, directory, timeProvider, new FieldErrors(), null);
    }

    /// <summary>
    /// Those who keep the registers see every item; other staff see only the staff AUP (to sign it) and an item whose
    /// review was delegated to them — never risk assessments, training records or review histories otherwise.
    /// </summary>
    public static async Task<bool> MaySeeAsync(ITaskStore tasks, Workflows.Platform.Directory.Actor actor, RegisterItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(item);
        return actor.Role is Role.EsafetyOfficer or Role.SeniorManager or Role.Technician
            || (item.Kind == RegisterKind.Aup && item.Aup?.Audience == AupAudience.Staff)
            || await CompleteRegisterReviewEndpoint.MayReviewAsync(tasks, actor, item, cancellationToken);
    }

    public static async Task<IResult> RenderAsync(EndpointRequest request, RegisterItem item, ITaskStore tasks, IRegisterStore registers, IPeopleDirectory directory, TimeProvider timeProvider, FieldErrors errors, IFormCollection? form)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(registers);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(errors);
        IReadOnlyList<Person> people = await directory.ListPeopleAsync(item.AgencyId, request.Aborted);
        Dictionary<string, string> names = people.ToDictionary(p => p.PersonId, p => p.DisplayName, StringComparer.Ordinal);
        DateTimeOffset now = timeProvider.GetUtcNow();
        WorkTask? task = item.NextReviewDue is { } due ? await tasks.FindAsync(item.AgencyId, ReviewInstances.TaskIdFor(item.ItemId, due), request.Aborted) : null;
        string basePath = ReviewTexts.Link(item);
        Html html = new Html().Raw(GovukHtml.ErrorSummary(errors.All.Select(e => (FieldId(e.Field), e.Message))));
        if (request.Request.Query["done"].ToString() is { Length: > 0 } done)
        {
            html.Raw(GovukHtml.SuccessBanner(done switch
            {
                "delegated" => "The review was delegated.",
                "signed" => "The signature was recorded.",
                _ => "The review was recorded. The next one is due " + RegisterHtml.Date(item.NextReviewDue) + ".",
            }));
        }

        html.Raw("<span class=\"govuk-caption-l\">").Text(RegisterHtml.Sections.First(s => s.Kind == item.Kind).Heading).Raw("</span>")
            .Raw("<h1 class=\"govuk-heading-xl\">").Text(item.Title).Raw("</h1>")
            .Raw("<dl class=\"govuk-summary-list\">")
            .Raw(Row("Details", RegisterHtml.Summary(item, names)))
            .Raw(Row("Last reviewed", RegisterHtml.Date(item.LastReviewed)))
            .Raw(Row("Next review due", RegisterHtml.Date(item.NextReviewDue)))
            .Raw(Row("Owner", RoleNames.Describe(ReviewCycle.OwnerRole(item.Kind))));
        if (task is { State: WorkTaskState.Open })
        {
            html.Raw(Row("Open review task", task.AssigneePersonId is { } assignee ? "Delegated to " + RegisterHtml.Name(names, assignee) : "With the " + RoleNames.Describe(task.AssigneeRole).ToLowerInvariant()));
        }

        html.Raw("</dl>");
        if (item.Technology?.RiskAssessment is { } risk)
        {
            html.Raw("<h2 class=\"govuk-heading-m\">Risk assessment</h2>").Raw(List("Risks", risk.Risks)).Raw(List("Mitigations", risk.Mitigations)).Raw(List("Emerging issues", risk.EmergingIssues));
        }

        bool keeper = request.SignedIn.Role is Role.EsafetyOfficer or Role.SeniorManager;
        if (item.Aup is not null && !keeper && item.Aup.Audience == AupAudience.Staff)
        {
            html.Raw("<h2 class=\"govuk-heading-m\">Sign this AUP</h2>")
                .Raw("<form method=\"post\" action=\"").Text(basePath + "/signatures").Raw("\" novalidate>")
                .Raw("<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">").Text("I have read and agree to version " + item.Aup.Version).Raw("</button></form>");
        }

        if (item.Aup is not null && keeper)
        {
            html.Raw("<h2 class=\"govuk-heading-m\">Record a signature</h2>")
                .Raw("<form method=\"post\" action=\"").Text(basePath + "/signatures").Raw("\" novalidate>")
                .Raw(GovukHtml.TextInput("signer", "signer", "Who signed", form?["signer"], Error(errors, "signer"), "A staff member's id (for example amy.staff), or the name of the child or carer as the agency records it"))
                .Raw(GovukHtml.Choices("radio", "signedBy", "signedBy", "Signed by", [new("self", "Themselves"), new("carer", "Their parent or carer")], new HashSet<string> { form?["signedBy"].ToString() is { Length: > 0 } by ? by : "self" }, Error(errors, "signedBy"), inline: true, legendSize: "s"))
                .Raw(GovukHtml.TextInput("carerName", "carerName", "Name of the carer who signed", form?["carerName"], Error(errors, "carerName")))
                .Raw("<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">").Text("Record the signature of version " + item.Aup.Version).Raw("</button></form>");
        }

        if (item.Aup is not null && keeper)
        {
            IReadOnlyList<AupSignature> signatures = await registers.ListSignaturesAsync(item.AgencyId, item.ItemId, request.Aborted);
            html.Raw("<h2 class=\"govuk-heading-m\">Signatures</h2><p class=\"govuk-body\">")
                .Text(signatures.Count(s => s.Version == item.Aup.Version).ToString(CultureInfo.InvariantCulture) + " for the current version (" + item.Aup.Version + "), " + signatures.Count.ToString(CultureInfo.InvariantCulture) + " in all.").Raw("</p>");
            if (signatures.Count > 0)
            {
                html.Raw("<ul class=\"govuk-list govuk-list--bullet\">");
                foreach (AupSignature s in signatures.Take(50))
                {
                    html.Raw("<li>").Text(RegisterHtml.Name(names, s.Signer) + " signed version " + s.Version + (s.SignedBy == SignedBy.Carer ? " (by their carer " + s.CarerName + ")" : string.Empty) + " on " + s.SignedAt.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"))).Raw("</li>");
                }

                html.Raw("</ul>");
            }
        }

        html.Raw("<h2 class=\"govuk-heading-m\">Reviews</h2>");
        if (item.ReviewHistory.Count == 0)
        {
            html.Raw("<p class=\"govuk-body\">No review recorded yet.</p>");
        }

        foreach (ReviewRecord review in item.ReviewHistory.Reverse())
        {
            html.Raw("<h3 class=\"govuk-heading-s\">").Text("Reviewed on " + RegisterHtml.Date(review.ReviewedOn) + " by " + RegisterHtml.Name(names, review.ReviewedBy)).Raw("</h3>")
                .Raw(List("Issues identified", review.IssuesIdentified))
                .Raw(List("Actions", review.Actions.Select(a => a.Description + " — " + RegisterHtml.Name(names, a.ResponsiblePersonId)).ToList()))
                .Raw(List("Stakeholders consulted", review.StakeholdersConsulted));
        }

        if (ReviewCycle.HasCycle(item.Kind))
        {
            List<GovukHtml.Option> choices = [new(string.Empty, "Choose a person"), .. people.Where(p => p.Role != Role.BoardAdmin).Select(p => new GovukHtml.Option(p.PersonId, p.DisplayName + " (" + RoleNames.Describe(p.Role) + ")"))];
            html.Raw("<h2 class=\"govuk-heading-m\">Record a review</h2>")
                .Raw("<form method=\"post\" action=\"").Text(basePath + "/review").Raw("\" novalidate>")
                .Raw(GovukHtml.Textarea("issuesIdentified", "issuesIdentified", "Issues identified", form?["issuesIdentified"], Error(errors, "issuesIdentified"), "One per line", 4))
                .Raw(GovukHtml.TextInput("action", "action", "Action", form?["action"], Error(errors, "actions[0].description"), "Leave empty if no action is needed"))
                .Raw(GovukHtml.Select("responsible", "responsible", "Who is responsible for the action", choices, form?["responsible"], Error(errors, "actions[0].responsiblePersonId")))
                .Raw(GovukHtml.Choices("checkbox", "stakeholdersConsulted", "stakeholdersConsulted", "Stakeholders consulted",
                    [new("staff", "Staff"), new("volunteers", "Volunteers"), new("children", "Children"), new("parents and carers", "Parents and carers")],
                    (form?["stakeholdersConsulted"].Select(v => v ?? string.Empty) ?? []).ToHashSet(StringComparer.Ordinal), Error(errors, "stakeholdersConsulted")))
                .Raw("<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Record the review</button></form>");
            if (task is { State: WorkTaskState.Open })
            {
                html.Raw("<h2 class=\"govuk-heading-m\">Delegate this review</h2>")
                    .Raw("<form method=\"post\" action=\"").Text(basePath + "/delegation").Raw("\" novalidate>")
                    .Raw(GovukHtml.Select("delegateTo", "delegateTo", "Delegate to", choices, form?["delegateTo"], Error(errors, "delegateTo")))
                    .Raw(GovukHtml.TextInput("reason", "reason", "Reason (optional)", form?["reason"], Error(errors, "reason")))
                    .Raw("<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">Delegate</button></form>");
            }
        }

        html.Raw("<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/agencies/").Text(item.AgencyId).Raw("/registers\">Back to the registers</a></p>");
        return Layout.Page(item.Title, html.ToString(), request.SignedIn, errors.Any ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);
    }

    static string FieldId(string field) => field switch
    {
        "actions[0].description" => "action",
        "actions[0].responsiblePersonId" => "responsible",
        _ => field,
    };

    static string? Error(FieldErrors errors, string field) => errors.All.Where(e => e.Field == field).Select(e => e.Message).FirstOrDefault();

    static string Row(string key, string value) => new Html().Raw("<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">").Text(key)
        .Raw("</dt><dd class=\"govuk-summary-list__value\">").Text(value).Raw("</dd></div>").ToString();

    static string List(string heading, IReadOnlyList<string> values)
    {
        Html html = new Html().Raw("<p class=\"govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1\">").Text(heading).Raw("</p>");
        if (values.Count == 0)
        {
            return html.Raw("<p class=\"govuk-body\">None.</p>").ToString();
        }

        html.Raw("<ul class=\"govuk-list govuk-list--bullet\">");
        foreach (string value in values)
        {
            html.Raw("<li>").Text(value).Raw("</li>");
        }

        return html.Raw("</ul>").ToString();
    }
}

/// <summary><c>POST /agencies/{agencyId}/registers/{itemId}/review</c>: the review form; errors are shown beside the fields.</summary>
[Endpoint("POST", "agencies/{agencyId}/registers/{itemId}/review", Roles.AgencyMembers)]
public sealed class SubmitRegisterReviewFormEndpoint(IRegisterStore registers, ITaskStore tasks, IPeopleDirectory directory, ReviewCompletionService reviews, AuditRecorder audit, TimeProvider timeProvider) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string agencyId = request.RouteValue("agencyId");
        if (RegisterAccess.Denied(request.SignedIn, agencyId) is not null)
        {
            return LegacyErrorPages.Forbidden("You can use only your own agency's registers.");
        }

        RegisterItem? item = await registers.FindAsync(agencyId, request.RouteValue("itemId"), request.Aborted);
        if (item is null)
        {
            return LegacyErrorPages.Problem(StatusCodes.Status404NotFound, "There is no register item with that id in this agency.");
        }

        if (!await RegisterItemPageEndpoint.MaySeeAsync(tasks, request.SignedIn, item, request.Aborted))
        {
            return LegacyErrorPages.Forbidden("Staff see the staff acceptable use policy, and any review delegated to them.");
        }

        if (!await CompleteRegisterReviewEndpoint.MayReviewAsync(tasks, request.SignedIn, item, request.Aborted))
        {
            return LegacyErrorPages.Forbidden("The item's owner, the senior manager or the person the review was delegated to records it.");
        }

        IFormCollection form = await request.Request.ReadFormAsync(request.Aborted);
        string action = form["action"].ToString().Trim();
        ReviewDraft draft = new(
            form["issuesIdentified"].ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            action.Length == 0 ? [] : [new ReviewAction(action, form["responsible"].ToString())],
            form["stakeholdersConsulted"].Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!).ToList(),
            null);
        ReviewChange change = await reviews.CompleteAsync(agencyId, item.ItemId, draft, request.SignedIn.Person, request.Signals, request.Aborted);
        if (change.Errors.Any || change.Item is null)
        {
            return await RegisterItemPageEndpoint.RenderAsync(request, item, tasks, registers, directory, timeProvider, change.Errors, form);
        }

        await audit.RecordAsync(request.SignedIn, agencyId, AuditActions.Change, item.ItemId, "review " + change.Item.ReviewHistory[^1].ReviewId);
        return Results.Redirect(ReviewTexts.Link(item) + "?done=reviewed", permanent: false);
    }
}

/// <summary><c>POST /agencies/{agencyId}/registers/{itemId}/delegation</c>: the delegation form.</summary>
[Endpoint("POST", "agencies/{agencyId}/registers/{itemId}/delegation", Roles.AgencyMembers)]
public sealed class SubmitRegisterDelegationFormEndpoint(IRegisterStore registers, ITaskStore tasks, IPeopleDirectory directory, ReviewCompletionService reviews, AuditRecorder audit, TimeProvider timeProvider) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string agencyId = request.RouteValue("agencyId");
        if (RegisterAccess.Denied(request.SignedIn, agencyId) is not null)
        {
            return LegacyErrorPages.Forbidden("You can use only your own agency's registers.");
        }

        RegisterItem? item = await registers.FindAsync(agencyId, request.RouteValue("itemId"), request.Aborted);
        if (item is null)
        {
            return LegacyErrorPages.Problem(StatusCodes.Status404NotFound, "There is no register item with that id in this agency.");
        }

        if (!await RegisterItemPageEndpoint.MaySeeAsync(tasks, request.SignedIn, item, request.Aborted))
        {
            return LegacyErrorPages.Forbidden("Staff see the staff acceptable use policy, and any review delegated to them.");
        }

        IFormCollection form = await request.Request.ReadFormAsync(request.Aborted);
        string reason = form["reason"].ToString().Trim();
        ReviewChange change = await reviews.DelegateAsync(agencyId, item.ItemId, form["delegateTo"].ToString(), reason.Length == 0 ? null : reason, request.SignedIn.Person, request.Aborted);
        if (change.Forbidden)
        {
            return LegacyErrorPages.Forbidden("The senior manager, or whoever holds the review now, may delegate it.");
        }

        if (change.NotFound || change.Errors.Any)
        {
            FieldErrors errors = change.Errors;
            if (change.NotFound)
            {
                errors.Add("delegateTo", "This item has no open review to delegate");
            }

            return await RegisterItemPageEndpoint.RenderAsync(request, item, tasks, registers, directory, timeProvider, errors, form);
        }

        await audit.RecordAsync(request.SignedIn, agencyId, AuditActions.Change, change.Task!.TaskId, "delegated to " + change.Task.AssigneePersonId);
        return Results.Redirect(ReviewTexts.Link(item) + "?done=delegated", permanent: false);
    }
}

/// <summary><c>POST /agencies/{agencyId}/registers/{itemId}/signatures</c>: the signature form (staff sign the staff AUP for themselves).</summary>
[Endpoint("POST", "agencies/{agencyId}/registers/{itemId}/signatures", Roles.AgencyMembers)]
public sealed class SubmitAupSignatureFormEndpoint(IRegisterStore registers, ITaskStore tasks, IPeopleDirectory directory, AuditRecorder audit, TimeProvider timeProvider) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string agencyId = request.RouteValue("agencyId");
        if (RegisterAccess.Denied(request.SignedIn, agencyId) is not null)
        {
            return LegacyErrorPages.Forbidden("You can use only your own agency's registers.");
        }

        RegisterItem? aup = await registers.FindAsync(agencyId, request.RouteValue("itemId"), request.Aborted);
        if (aup?.Aup is null)
        {
            return LegacyErrorPages.Problem(StatusCodes.Status404NotFound, "There is no acceptable use policy with that id in this agency.");
        }

        if (!await RegisterItemPageEndpoint.MaySeeAsync(tasks, request.SignedIn, aup, request.Aborted))
        {
            return LegacyErrorPages.Forbidden("Staff see the staff acceptable use policy, and any review delegated to them.");
        }

        IFormCollection form = await request.Request.ReadFormAsync(request.Aborted);
        SignatureDraft draft;
        if (request.SignedIn.Role is Role.EsafetyOfficer or Role.SeniorManager)
        {
            draft = new SignatureDraft(null, form["signer"].ToString(), form["signedBy"].ToString() == "carer" ? SignedBy.Carer : SignedBy.Self, form["carerName"].ToString());
        }
        else if (aup.Aup.Audience == AupAudience.Staff)
        {
            draft = new SignatureDraft(null, request.SignedIn.Person.PersonId, SignedBy.Self, null);
        }
        else
        {
            return LegacyErrorPages.Forbidden("Staff sign the staff AUP for themselves; the e-safety officer records other signatures.");
        }

        FieldErrors errors = new();
        AupSignature? signature = RegisterValidation.ToSignature(draft, aup, request.SignedIn.Person.PersonId, timeProvider.GetUtcNow(), errors);
        if (signature is null)
        {
            return await RegisterItemPageEndpoint.RenderAsync(request, aup, tasks, registers, directory, timeProvider, errors, form);
        }

        await registers.AddSignatureAsync(signature, request.Aborted);
        await audit.RecordAsync(request.SignedIn, agencyId, AuditActions.Create, aup.ItemId, "signature version=" + signature.Version + " by=" + WireNames.Of(signature.SignedBy));
        return Results.Redirect(ReviewTexts.Link(aup) + "?done=signed", permanent: false);
    }
}
