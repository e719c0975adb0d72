using System.Globalization;
using System.Text.Json;
using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Pages;
using EsafetyServerless.Http.Security;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Response;
using EsafetyServerless.Workflows.Tasks;
using Microsoft.AspNetCore.Http;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Http.Incidents;

/// <summary>
/// The post-incident policy review after a serious incident: the senior manager completes it or delegates it to an
/// e-safety officer of the agency, who may then complete it. Completion records the issues identified, the actions
/// (each with who is responsible) and the stakeholders consulted, closes the task and tells the workflow.
/// </summary>
public sealed class PolicyReviews(IIncidentStore incidents, ITaskStore tasks, IPeopleDirectory directory, AuditRecorder audit, TimeProvider timeProvider)
{
    public const int MaxActions = 20;

    public sealed record Found(Incident? Incident, WorkTask? Task, IResult? Refusal);

    /// <summary>The incident and its review task, if the signed-in person may see the review.</summary>
    public async Task<Found> FindAsync(EndpointRequest request, Func<int, string, IResult> refuse)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(refuse);
        Incident? incident = await incidents.FindAsync(request.RouteValue("incidentId"), request.Aborted);
        if (incident is null)
        {
            return new(null, null, refuse(StatusCodes.Status404NotFound, "There is no incident with that id."));
        }

        if (!request.SignedIn.CanActFor(incident.AgencyId) || !IncidentPermissions.KeepsTheLog(request.SignedIn, incident.AgencyId))
        {
            return new(null, null, refuse(StatusCodes.Status403Forbidden, "Only the agency's senior manager and e-safety officer see its policy reviews."));
        }

        WorkTask? task = await tasks.FindAsync(incident.AgencyId, OpenPostIncidentReview.TaskIdFor(incident.IncidentId), request.Aborted);
        return task is null
            ? new(null, null, refuse(StatusCodes.Status404NotFound, "This incident has no policy review: only serious incidents do."))
            : new(incident, task, null);
    }

    /// <summary>The senior manager, or the officer the review was delegated to.</summary>
    public static bool MayComplete(Actor actor, WorkTask task)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(task);
        return actor.Role == Role.SeniorManager || task.AssigneePersonId == actor.Person.PersonId;
    }

    public static PostIncidentReviewRecord? Validate(string? issues, IEnumerable<(string? Action, string? Responsible)> actions, IEnumerable<string?> stakeholders, FieldErrors errors, string who, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(errors);
        string issuesText = (issues ?? string.Empty).Trim();
        if (issuesText.Length == 0)
        {
            errors.Add("issuesIdentified", "Enter the issues the review identified (or that it found none)");
        }
        else if (issuesText.Length > 8000)
        {
            errors.Add("issuesIdentified", "The issues must be 8000 characters or fewer");
        }

        List<PostIncidentReviewAction> recorded = [];
        int index = 0;
        foreach ((string? action, string? responsible) in actions)
        {
            index++;
            string a = (action ?? string.Empty).Trim();
            string r = (responsible ?? string.Empty).Trim();
            if (a.Length == 0 && r.Length == 0)
            {
                continue;
            }

            string field = string.Create(CultureInfo.InvariantCulture, $"actions[{index - 1}]");
            if (a.Length == 0 || r.Length == 0)
            {
                errors.Add(field, string.Create(CultureInfo.InvariantCulture, $"Action {index}: enter both the action and who is responsible for it"));
            }
            else if (a.Length > 1000 || r.Length > 200)
            {
                errors.Add(field, string.Create(CultureInfo.InvariantCulture, $"Action {index}: the action must be 1000 characters or fewer and the person responsible 200"));
            }
            else
            {
                recorded.Add(new PostIncidentReviewAction(a, r));
            }
        }

        if (index > MaxActions)
        {
            errors.Add("actions", "Record at most 20 actions");
        }

        List<string> consulted = stakeholders.Select(s => (s ?? string.Empty).Trim()).Where(s => s.Length > 0).ToList();
        if (consulted.Count == 0)
        {
            errors.Add("stakeholdersConsulted", "Enter the stakeholders you consulted");
        }
        else if (consulted.Count > 30 || consulted.Any(s => s.Length > 200))
        {
            errors.Add("stakeholdersConsulted", "Enter at most 30 stakeholders, each 200 characters or fewer");
        }

        return errors.Any ? null : new PostIncidentReviewRecord(who, now, issuesText, recorded, consulted);
    }

    /// <returns>False when the review had been completed already.</returns>
    public async Task<bool> CompleteAsync(EndpointRequest request, Incident incident, PostIncidentReviewRecord review)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(review);
        bool completedNow = false;
        await incidents.UpdateAsync(incident.IncidentId, current =>
        {
            if (current.PostIncidentReview is not null)
            {
                return current;
            }

            completedNow = true;
            return current with
            {
                PostIncidentReview = review,
                Actions = [.. current.Actions, new IncidentAction("Post-incident review of the e-safety and acceptable use policies completed", review.CompletedBy, review.CompletedAt)],
            };
        }, request.Aborted);

        // The review is saved: what follows is not cancellable, and runs again on a repeat, so a request that failed
        // half-way still closes the task and tells the workflow (the board is never told a completed review is late).
        Incident saved = (await incidents.FindAsync(incident.IncidentId, CancellationToken.None))!;
        PostIncidentReviewRecord recorded = saved.PostIncidentReview!;
        await tasks.UpdateAsync(incident.AgencyId, OpenPostIncidentReview.TaskIdFor(incident.IncidentId), t => t.State == WorkTaskState.Done ? t : t with
        {
            State = WorkTaskState.Done,
            Completion = new TaskCompletion(recorded.CompletedBy, recorded.CompletedAt, string.Create(CultureInfo.InvariantCulture, $"{recorded.Actions.Count} action(s); consulted {string.Join(", ", recorded.StakeholdersConsulted)}")),
        }, CancellationToken.None);
        if (completedNow)
        {
            await audit.RecordAsync(request.SignedIn, incident.AgencyId, AuditActions.Change, incident.IncidentId, "policy-review-completed");
        }

        await request.Signals.RaiseAsync(incident.IncidentId, IncidentResponse.PostIncidentReviewCompleted.Name, recorded.CompletedBy, CancellationToken.None);
        return completedNow;
    }

    /// <returns>The problem, or null when delegated.</returns>
    public async Task<string?> DelegateAsync(EndpointRequest request, Incident incident, string? personId, string? reason)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(incident);
        if (request.SignedIn.Role != Role.SeniorManager)
        {
            return "Only the senior manager can delegate the review.";
        }

        if (incident.PostIncidentReview is not null)
        {
            return "The review has been completed; there is nothing left to delegate.";
        }

        if (personId is { Length: > 128 })
        {
            return "Choose one of the agency's e-safety officers.";
        }

        Person? officer = string.IsNullOrEmpty(personId) ? null : await directory.GetPersonAsync(personId, request.Aborted);
        if (officer is null || officer.AgencyId != incident.AgencyId || officer.Role != Role.EsafetyOfficer)
        {
            return "Choose one of the agency's e-safety officers.";
        }

        string? why = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim()[..Math.Min(reason.Trim().Length, 500)];
        DateTimeOffset now = timeProvider.GetUtcNow();
        await tasks.UpdateAsync(incident.AgencyId, OpenPostIncidentReview.TaskIdFor(incident.IncidentId), t => t with
        {
            AssigneePersonId = officer.PersonId,
            Delegation = new TaskDelegation(request.SignedIn.Person.PersonId, officer.PersonId, now, why),
        }, request.Aborted);
        await incidents.AddActionAsync(incident.IncidentId, new IncidentAction("Post-incident policy review delegated to " + officer.DisplayName, request.SignedIn.Person.PersonId, now), request.Aborted);
        await audit.RecordAsync(request.SignedIn, incident.AgencyId, AuditActions.Change, incident.IncidentId, "policy-review-delegated");
        return null;
    }

    public DateTimeOffset Now => timeProvider.GetUtcNow();
}

/// <summary>
/// <c>POST /api/incidents/{incidentId}/policy-review</c>
/// <c>{"issuesIdentified", "actions": [{"action", "responsible"}], "stakeholdersConsulted": ["…"]}</c>.
/// </summary>
[Endpoint("POST", "api/incidents/{incidentId}/policy-review", Roles.EsafetyLeads)]
public sealed class CompletePolicyReviewEndpoint(PolicyReviews reviews) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        PolicyReviews.Found found = await reviews.FindAsync(request, ApiRefusal);
        if (found.Refusal is { } refusal)
        {
            return refusal;
        }

        if (!PolicyReviews.MayComplete(request.SignedIn, found.Task!))
        {
            return Problems.Forbidden("The senior manager completes the review, or the officer they delegated it to.");
        }

        (JsonElement? body, IResult? problem) = await LegacyJsonFields.ReadJsonAsync(request);
        if (body is not { } json)
        {
            return problem!;
        }

        FieldErrors errors = new();
        LegacyJsonFields.RejectUnknown(json, ["issuesIdentified", "actions", "stakeholdersConsulted"], errors);
        string? issues = LegacyJsonFields.Text(json, "issuesIdentified", errors, 8000, required: true);
        List<(string?, string?)> actions = [];
        if (json.TryGetProperty("actions", out JsonElement actionList) && actionList.ValueKind != JsonValueKind.Null)
        {
            if (actionList.ValueKind != JsonValueKind.Array || actionList.EnumerateArray().Any(a => a.ValueKind != JsonValueKind.Object))
            {
                errors.Add("actions", "actions must be a list of {\"action\", \"responsible\"}");
            }
            else
            {
                actions.AddRange(actionList.EnumerateArray().Select(a => (StringOf(a, "action"), StringOf(a, "responsible"))));
            }
        }

        List<string?> stakeholders = [];
        if (json.TryGetProperty("stakeholdersConsulted", out JsonElement list))
        {
            if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.String))
            {
                errors.Add("stakeholdersConsulted", "stakeholdersConsulted must be a list of names or roles");
            }
            else
            {
                stakeholders.AddRange(list.EnumerateArray().Select(s => s.GetString()));
            }
        }

        PostIncidentReviewRecord? review = errors.Any ? null : PolicyReviews.Validate(issues, actions, stakeholders, errors, request.SignedIn.Person.PersonId, reviews.Now);
        if (review is null)
        {
            return Problems.FieldErrors(errors);
        }

        return await reviews.CompleteAsync(request, found.Incident!, review)
            ? Results.Json(review, ApiJson.Options)
            : Problems.Create(StatusCodes.Status409Conflict, "Already completed", "The policy review for this incident was completed already.");
    }

    static string? StringOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The API's answer when the review cannot be found or seen (pages answer with <see cref="PolicyReviewPageEndpoint.PageRefusal"/>).</summary>
    public static IResult ApiRefusal(int status, string detail) => status == StatusCodes.Status403Forbidden ? Problems.Forbidden(detail) : Problems.NotFound(detail);
}

/// <summary><c>POST /api/incidents/{incidentId}/policy-review/delegation</c> <c>{"personId", "reason"?}</c> (senior manager).</summary>
[Endpoint("POST", "api/incidents/{incidentId}/policy-review/delegation", Roles.SeniorManager)]
public sealed class DelegatePolicyReviewEndpoint(PolicyReviews reviews) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        PolicyReviews.Found found = await reviews.FindAsync(request, CompletePolicyReviewEndpoint.ApiRefusal);
        if (found.Refusal is { } refusal)
        {
            return refusal;
        }

        (JsonElement? body, IResult? problem) = await LegacyJsonFields.ReadJsonAsync(request);
        if (body is not { } json)
        {
            return problem!;
        }

        FieldErrors errors = new();
        LegacyJsonFields.RejectUnknown(json, ["personId", "reason"], errors);
        string? personId = LegacyJsonFields.Text(json, "personId", errors, 128, required: true);
        string? reason = LegacyJsonFields.Text(json, "reason", errors, 500, required: false);
        if (errors.Any)
        {
            return Problems.FieldErrors(errors);
        }

        string? refused = await reviews.DelegateAsync(request, found.Incident!, personId, reason);
        return refused is null
            ? Results.NoContent()
            : request.SignedIn.Role == Role.SeniorManager ? Problems.BadRequest(refused, new Dictionary<string, string[]> { ["personId"] = [refused] }) : Problems.Forbidden(refused);
    }
}

/// <summary>
/// <c>GET /incidents/{incidentId}/policy-review</c>: the review task's page — when it is due, who holds it, the
/// delegation form for the senior manager and the completion form; once completed, the record.
/// </summary>
[Endpoint("GET", "incidents/{incidentId}/policy-review", Roles.EsafetyLeads)]
public sealed class PolicyReviewPageEndpoint(PolicyReviews reviews, IPeopleDirectory directory, AuditRecorder audit) : IEndpointHandler
{
    static readonly CultureInfo Uk = CultureInfo.GetCultureInfo("en-GB");

    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        PolicyReviews.Found found = await reviews.FindAsync(request, PageRefusal);
        if (found.Refusal is { } refusal)
        {
            return refusal;
        }

        await audit.RecordAsync(request.SignedIn, found.Incident!.AgencyId, AuditActions.Read, found.Incident.IncidentId, "policy-review-page");
        return await Render(request, found, directory, errors: null, form: null, reviews.Now);
    }

    public static IResult PageRefusal(int status, string detail) =>
        status == StatusCodes.Status403Forbidden ? LegacyErrorPages.Forbidden(detail) : LegacyErrorPages.Problem(status, detail);

    public static async Task<IResult> Render(EndpointRequest request, PolicyReviews.Found found, IPeopleDirectory directory, FieldErrors? errors, IFormCollection? form, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(found);
        ArgumentNullException.ThrowIfNull(directory);
        Incident incident = found.Incident!;
        WorkTask task = found.Task!;
        IReadOnlyList<Person> people = await directory.ListPeopleAsync(incident.AgencyId, request.Aborted);
        string Name(string id) => people.FirstOrDefault(p => p.PersonId == id)?.DisplayName ?? id;
        Html html = new();
        if (errors is not null)
        {
            html.Raw(GovukHtml.ErrorSummary(errors.All.Select(e => (e.Field.Replace('[', '-').Replace("]", string.Empty, StringComparison.Ordinal), e.Message))));
        }

        html.Raw("<span class=\"govuk-caption-l\">Incident <a class=\"govuk-link\" href=\"/incidents/").Text(incident.IncidentId).Raw("\">").Text(incident.Reference).Raw("</a></span>")
            .Raw("<h1 class=\"govuk-heading-l\">Post-incident policy review</h1>")
            .Raw("<p class=\"govuk-body\">").Text(task.Instructions).Raw("</p><dl class=\"govuk-summary-list\">");
        void Row(string key, string value) => html.Raw("<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">").Text(key)
            .Raw("</dt><dd class=\"govuk-summary-list__value\">").Text(value).Raw("</dd></div>");
        Row("Due", task.DueAt.ToString("d MMMM yyyy", Uk) + (task.IsOverdue(now) ? " (overdue)" : string.Empty));
        Row("Held by", task.AssigneePersonId is { } assignee ? Name(assignee) + " (delegated)" : "The senior manager");
        html.Raw("</dl>");

        if (incident.PostIncidentReview is { } done)
        {
            html.Raw("<h2 class=\"govuk-heading-m\">Completed</h2><dl class=\"govuk-summary-list\">");
            Row("Completed", done.CompletedAt.ToString("d MMMM yyyy", Uk) + " by " + Name(done.CompletedBy));
            Row("Issues identified", done.IssuesIdentified);
            Row("Stakeholders consulted", string.Join(", ", done.StakeholdersConsulted));
            html.Raw("</dl><h3 class=\"govuk-heading-s\">Actions</h3>");
            html.Raw(done.Actions.Count == 0 ? "<p class=\"govuk-body\">None.</p>" : "<ul class=\"govuk-list govuk-list--bullet\">");
            foreach (PostIncidentReviewAction decided in done.Actions)
            {
                html.Raw("<li>").Text(decided.Action).Raw(" – responsible: ").Text(decided.Responsible).Raw("</li>");
            }

            html.Raw(done.Actions.Count == 0 ? string.Empty : "</ul>");
            return Layout.Page("Post-incident policy review", html.ToString(), request.SignedIn);
        }

        string action = "/incidents/" + incident.IncidentId + "/policy-review";
        if (request.SignedIn.Role == Role.SeniorManager)
        {
            GovukHtml.Option[] officers = [new(string.Empty, "Choose an officer"), .. people.Where(p => p.Role == Role.EsafetyOfficer).Select(p => new GovukHtml.Option(p.PersonId, p.DisplayName))];
            html.Raw("<h2 class=\"govuk-heading-m\">Delegate the review</h2><form method=\"post\" action=\"").Text(action).Raw("/delegation\" novalidate>")
                .Raw(GovukHtml.Select("personId", "personId", "E-safety officer", officers, task.AssigneePersonId, errors?.All.Where(e => e.Field == "personId").Select(e => e.Message).FirstOrDefault()))
                .Raw("<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">Delegate</button></form>");
        }

        if (PolicyReviews.MayComplete(request.SignedIn, task))
        {
            string? Error(string field) => errors?.All.Where(e => e.Field == field).Select(e => e.Message).FirstOrDefault();
            html.Raw("<h2 class=\"govuk-heading-m\">Record the review</h2><form method=\"post\" action=\"").Text(action).Raw("\" novalidate>")
                .Raw(GovukHtml.Textarea("issuesIdentified", "issuesIdentified", "Issues identified", form?["issuesIdentified"].ToString(), Error("issuesIdentified"), "What the incident showed about the policies and procedures; say so if it showed nothing.", rows: 5))
                .Raw("<fieldset class=\"govuk-fieldset\"><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">Actions and who is responsible</legend>");
            for (int i = 0; i < 3; i++)
            {
                string n = (i + 1).ToString(CultureInfo.InvariantCulture);
                html.Raw("<div class=\"govuk-grid-row\" id=\"actions-").Raw(i.ToString(CultureInfo.InvariantCulture)).Raw("\"><div class=\"govuk-grid-column-two-thirds\">")
                    .Raw(GovukHtml.TextInput("action-" + n, "action", "Action " + n, form?["action"].ElementAtOrDefault(i), Error($"actions[{i}]")))
                    .Raw("</div><div class=\"govuk-grid-column-one-third\">")
                    .Raw(GovukHtml.TextInput("responsible-" + n, "responsible", "Responsible " + n, form?["responsible"].ElementAtOrDefault(i), null))
                    .Raw("</div></div>");
            }

            html.Raw("</fieldset>")
                .Raw(GovukHtml.Textarea("stakeholdersConsulted", "stakeholdersConsulted", "Stakeholders consulted", form?["stakeholdersConsulted"].ToString(), Error("stakeholdersConsulted"), "One per line: for example, governors, staff, pupils, parents and carers.", rows: 4))
                .Raw("<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Complete the review</button></form>");
        }

        int status = errors is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
        return Layout.Page("Post-incident policy review", html.ToString(), request.SignedIn, status);
    }
}

/// <summary><c>POST /incidents/{incidentId}/policy-review</c>: the completion form.</summary>
[Endpoint("POST", "incidents/{incidentId}/policy-review", Roles.EsafetyLeads)]
public sealed class CompletePolicyReviewFormEndpoint(PolicyReviews reviews, IPeopleDirectory directory) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        PolicyReviews.Found found = await reviews.FindAsync(request, PolicyReviewPageEndpoint.PageRefusal);
        if (found.Refusal is { } refusal)
        {
            return refusal;
        }

        if (!PolicyReviews.MayComplete(request.SignedIn, found.Task!))
        {
            return LegacyErrorPages.Forbidden("The senior manager completes the review, or the officer they delegated it to.");
        }

        if (!request.Request.HasFormContentType || request.Request.ContentLength > 64 * 1024)
        {
            return LegacyErrorPages.Problem(StatusCodes.Status415UnsupportedMediaType, "Use the form on the review page.");
        }

        IFormCollection form = await request.Request.ReadFormAsync(request.Aborted);
        FieldErrors errors = new();
        PostIncidentReviewRecord? review = PolicyReviews.Validate(
            form["issuesIdentified"].ToString(),
            form["action"].Select((a, i) => (a, form["responsible"].ElementAtOrDefault(i))),
            form["stakeholdersConsulted"].ToString().Split('\n'),
            errors, request.SignedIn.Person.PersonId, reviews.Now);
        if (review is null)
        {
            return await PolicyReviewPageEndpoint.Render(request, found, directory, errors, form, reviews.Now);
        }

        await reviews.CompleteAsync(request, found.Incident!, review);
        return Results.Redirect("/incidents/" + found.Incident!.IncidentId + "/policy-review");
    }
}

/// <summary><c>POST /incidents/{incidentId}/policy-review/delegation</c>: the delegation form.</summary>
[Endpoint("POST", "incidents/{incidentId}/policy-review/delegation", Roles.SeniorManager)]
public sealed class DelegatePolicyReviewFormEndpoint(PolicyReviews reviews, IPeopleDirectory directory) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        PolicyReviews.Found found = await reviews.FindAsync(request, PolicyReviewPageEndpoint.PageRefusal);
        if (found.Refusal is { } refusal)
        {
            return refusal;
        }

        if (!request.Request.HasFormContentType || request.Request.ContentLength > 16 * 1024)
        {
            return LegacyErrorPages.Problem(StatusCodes.Status415UnsupportedMediaType, "Use the form on the review page.");
        }

        IFormCollection form = await request.Request.ReadFormAsync(request.Aborted);
        string? refused = await reviews.DelegateAsync(request, found.Incident!, form["personId"].ToString(), null);
        if (refused is not null)
        {
            FieldErrors errors = new();
            errors.Add("personId", refused);
            return await PolicyReviewPageEndpoint.Render(request, found, directory, errors, null, reviews.Now);
        }

        return Results.Redirect("/incidents/" + found.Incident!.IncidentId + "/policy-review");
    }
}
