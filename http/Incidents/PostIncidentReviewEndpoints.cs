using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Pages;
using EsafetyServerless.Http.Pages.Govuk;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Response;
using EsafetyServerless.Workflows.Tasks;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Incidents;

// The post-incident review after a serious incident. Its endpoints keep the names and routes they were published
// under ("policy review"): the Functions app's function names and the API's clients know them.

/// <summary>
/// <c>POST /api/incidents/{incidentId}/policy-review</c>
/// <c>{"issuesIdentified", "actions": [{"action", "responsible"}], "stakeholdersConsulted": ["…"]}</c>.
/// </summary>
[Endpoint("POST", "api/incidents/{incidentId}/policy-review", PostIncidentReviewPermissions.Reviewers)]
public sealed class CompletePolicyReviewEndpoint(CompletePostIncidentReview completeReview) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        JsonFields body = (await JsonBody.ReadObjectAsync(request.Request, 64 * 1024)).RejectUnknown("issuesIdentified", "actions", "stakeholdersConsulted");
        PostIncidentReviewDraft draft = new(
            body.Text("issuesIdentified"),
            body.NestedList("actions").Select(a => new PostIncidentReviewActionDraft(a.Text("action"), a.Text("responsible"))).ToList(),
            body.Texts("stakeholdersConsulted"));
        if (body.Errors.Any)
        {
            return ApiResults.Problem(Outcome.Invalid(body.Errors));
        }

        Outcome<PostIncidentReviewRecord> completed = await completeReview.ExecuteAsync(request.SignedIn, request.RouteValue("incidentId"), draft, request.Aborted);
        return ApiResults.From(completed, review => ApiResults.Json(review));
    }
}

/// <summary><c>POST /api/incidents/{incidentId}/policy-review/delegation</c> <c>{"personId", "reason"?}</c> (senior manager).</summary>
[Endpoint("POST", "api/incidents/{incidentId}/policy-review/delegation", PostIncidentReviewPermissions.Delegators)]
public sealed class DelegatePolicyReviewEndpoint(DelegatePostIncidentReview delegateReview) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        JsonFields body = (await JsonBody.ReadObjectAsync(request.Request, 16 * 1024)).RejectUnknown("personId", "reason");
        PostIncidentReviewDelegationDraft draft = new(body.Text("personId"), body.Text("reason"));
        if (body.Errors.Any)
        {
            return ApiResults.Problem(Outcome.Invalid(body.Errors));
        }

        Outcome<WorkTask> delegated = await delegateReview.ExecuteAsync(request.SignedIn, request.RouteValue("incidentId"), draft, request.Aborted);
        return ApiResults.From(delegated, _ => Results.NoContent());
    }
}

/// <summary>
/// <c>GET /incidents/{incidentId}/policy-review</c>: the review task's page — when it is due, who holds it, the
/// delegation form for the senior manager and the completion form; once completed, the record.
/// </summary>
[Endpoint("GET", "incidents/{incidentId}/policy-review", PostIncidentReviewPermissions.Reviewers)]
public sealed class PolicyReviewPageEndpoint(PostIncidentReviewPageView view) : IEndpointHandler
{
    public Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return view.ShowAsync(request, request.RouteValue("incidentId"), null, null, null);
    }
}

/// <summary><c>POST /incidents/{incidentId}/policy-review</c>: the completion form (<c>issuesIdentified</c>, <c>action</c>/<c>responsible</c> rows, <c>stakeholdersConsulted</c> one per line).</summary>
[Endpoint("POST", "incidents/{incidentId}/policy-review", PostIncidentReviewPermissions.Reviewers)]
public sealed class CompletePolicyReviewFormEndpoint(CompletePostIncidentReview completeReview, PostIncidentReviewPageView view) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string incidentId = request.RouteValue("incidentId");
        IFormCollection form = await FormBody.ReadAsync(request.Request);
        PostIncidentReviewDraft draft = new(
            form["issuesIdentified"].ToString(),
            form["action"].Select((action, i) => new PostIncidentReviewActionDraft(action, form["responsible"].ElementAtOrDefault(i))).ToList(),
            form["stakeholdersConsulted"].ToString().Split('\n'));
        Outcome<PostIncidentReviewRecord> completed = await completeReview.ExecuteAsync(request.SignedIn, incidentId, draft, request.Aborted);

        // Completed already (a double submission, or a colleague a moment ago): the page shows the review that stands.
        return completed.Failure is { Kind: not FailureKind.Conflict } failure
            ? await view.FailedAsync(request, incidentId, PostIncidentReviewPageModel.CompletionForm, form, failure)
            : PostIncidentReviewPageView.Saved(incidentId);
    }
}

/// <summary><c>POST /incidents/{incidentId}/policy-review/delegation</c>: the delegation form (<c>personId</c>).</summary>
[Endpoint("POST", "incidents/{incidentId}/policy-review/delegation", PostIncidentReviewPermissions.Delegators)]
public sealed class DelegatePolicyReviewFormEndpoint(DelegatePostIncidentReview delegateReview, PostIncidentReviewPageView view) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string incidentId = request.RouteValue("incidentId");
        IFormCollection form = await FormBody.ReadAsync(request.Request);
        Outcome<WorkTask> delegated = await delegateReview.ExecuteAsync(request.SignedIn, incidentId, new PostIncidentReviewDelegationDraft(form["personId"].ToString(), null), request.Aborted);
        return delegated.Failure is { } failure
            ? await view.FailedAsync(request, incidentId, PostIncidentReviewPageModel.DelegationForm, form, failure)
            : PostIncidentReviewPageView.Saved(incidentId);
    }
}

/// <summary>Shows the review's page: on its own, or again with one form's errors and what was typed.</summary>
public sealed class PostIncidentReviewPageView(ReadPostIncidentReview readReview, PageRenderer pages, TimeProvider timeProvider)
{
    public async Task<IResult> ShowAsync(EndpointRequest request, string incidentId, string? activeForm, IFormCollection? form, FieldErrors? errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<PostIncidentReviewCase> read = await readReview.ExecuteAsync(request.SignedIn, incidentId, request.Aborted);
        if (read.Failure is { } failure)
        {
            return await pages.FailureAsync(PageContext.For(request), failure);
        }

        FormState state = activeForm is null ? FormState.Empty : FormState.Posted(form, errors, PostIncidentReviewPageModel.FieldId);
        IReadOnlyList<PostIncidentReviewActionDraft> typedActions = activeForm == PostIncidentReviewPageModel.CompletionForm && form is not null
            ? form["action"].Select((action, i) => new PostIncidentReviewActionDraft(action, form["responsible"].ElementAtOrDefault(i))).ToList()
            : [];
        PostIncidentReviewPageModel model = new(read.Value, activeForm, state, typedActions, timeProvider.GetUtcNow());
        return await pages.RenderAsync<PostIncidentReviewPage, PostIncidentReviewPageModel>(
            PageContext.For(request), model, state.HasErrors ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);
    }

    /// <summary>A form's failure: its errors on the page, or an error page for anything else.</summary>
    public async Task<IResult> FailedAsync(EndpointRequest request, string incidentId, string activeForm, IFormCollection form, Failure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure is { Kind: FailureKind.Invalid, Errors: { } errors }
            ? await this.ShowAsync(request, incidentId, activeForm, form, errors)
            : await pages.FailureAsync(PageContext.For(request), failure);
    }

    public static IResult Saved(string incidentId) => Results.Redirect("/incidents/" + incidentId + "/policy-review");
}

/// <param name="ActiveForm">The form shown again with its errors (<see cref="CompletionForm"/> or <see cref="DelegationForm"/>), or null.</param>
/// <param name="TypedActions">The completion form's action rows as typed, when it is shown again.</param>
public sealed record PostIncidentReviewPageModel(
    PostIncidentReviewCase Case, string? ActiveForm, FormState Form, IReadOnlyList<PostIncidentReviewActionDraft> TypedActions, DateTimeOffset Now)
{
    public const string CompletionForm = "completion";
    public const string DelegationForm = "delegation";

    /// <summary>The action rows the completion form offers.</summary>
    public const int ActionRows = 3;

    public FormState StateOf(string form) => this.ActiveForm == form ? this.Form : FormState.Empty;

    /// <summary>What was typed in one action row (empty when the form is shown for the first time).</summary>
    public PostIncidentReviewActionDraft TypedAction(int row) => row < this.TypedActions.Count ? this.TypedActions[row] : new(null, null);

    /// <summary>A rule's field ("actions[0]") as the id of its row on the page ("actions-0").</summary>
    public static string FieldId(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.Replace('[', '-').Replace("]", string.Empty, StringComparison.Ordinal);
    }
}
