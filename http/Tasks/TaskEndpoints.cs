using System.Globalization;
using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Pages;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Tasks;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Tasks;

/// <summary>Which of the agency's tasks the signed-in person sees: their own, or (for the officer and senior manager) all of them.</summary>
static class TaskScope
{
    public static async Task<IReadOnlyList<WorkTask>> ForAsync(ITaskStore tasks, EndpointRequest request, bool wholeAgency)
    {
        IReadOnlyList<WorkTask> all = await tasks.ListAsync(request.SignedIn.AgencyId, request.Aborted);
        bool mayWidenScope = request.SignedIn.Role is Role.EsafetyOfficer or Role.SeniorManager;
        return wholeAgency && mayWidenScope ? all : all.Where(t => t.Concerns(request.SignedIn.Person)).ToList();
    }
}

/// <summary>
/// <c>GET /api/tasks[?scope=agency]</c>: the signed-in person's tasks — open ones first, soonest due first — each with
/// whether it is overdue and the page where it is done. The officer and senior manager may ask for the whole agency's.
/// </summary>
[Endpoint("GET", "api/tasks", Roles.AnyRole)]
public sealed class ListTasksEndpoint(ITaskStore tasks, AuditRecorder audit, TimeProvider timeProvider) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string scope = request.Request.Query["scope"].ToString();
        if (scope is not ("" or "mine" or "agency"))
        {
            return Problems.BadRequest("scope must be 'mine' or 'agency'.");
        }

        IReadOnlyList<WorkTask> found = await TaskScope.ForAsync(tasks, request, scope == "agency");
        await audit.RecordAsync(request.SignedIn, request.SignedIn.AgencyId, AuditActions.List, "tasks", scope.Length == 0 ? "mine" : scope);
        DateTimeOffset now = timeProvider.GetUtcNow();
        return Results.Json(new { tasks = found.Select(t => TaskView.Of(t, now)) }, ApiJson.Options);
    }
}

/// <summary>A task as the API shows it.</summary>
public sealed record TaskView(
    string TaskId, WorkTaskKind Kind, string SubjectId, string Title, string Instructions, Role AssigneeRole, string? AssigneePersonId,
    DateTimeOffset OpenedAt, DateTimeOffset DueAt, WorkTaskState State, bool Overdue, string Link, TaskDelegation? Delegation, TaskCompletion? Completion)
{
    public static TaskView Of(WorkTask task, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new(task.TaskId, task.Kind, task.SubjectId, task.Title, task.Instructions, task.AssigneeRole, task.AssigneePersonId,
            task.OpenedAt, task.DueAt, task.State, task.IsOverdue(now), task.Link, task.Delegation, task.Completion);
    }
}

/// <summary><c>GET /tasks</c>: "My tasks" — what is overdue, what is due, and what was done lately, with a link to each.</summary>
[Endpoint("GET", "tasks", Roles.AnyRole)]
public sealed class MyTasksPageEndpoint(ITaskStore tasks, AuditRecorder audit, TimeProvider timeProvider) : IEndpointHandler
{
    static readonly CultureInfo Uk = CultureInfo.GetCultureInfo("en-GB");

    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        bool wholeAgency = request.Request.Query["scope"].ToString() == "agency" && request.SignedIn.Role is Role.EsafetyOfficer or Role.SeniorManager;
        IReadOnlyList<WorkTask> found = await TaskScope.ForAsync(tasks, request, wholeAgency);
        await audit.RecordAsync(request.SignedIn, request.SignedIn.AgencyId, AuditActions.List, "tasks", "page");
        DateTimeOffset now = timeProvider.GetUtcNow();
        List<WorkTask> open = found.Where(t => t.State == WorkTaskState.Open).ToList();
        List<WorkTask> done = found.Where(t => t.State == WorkTaskState.Done).Take(20).ToList();

        Html html = new Html().Raw("<h1 class=\"govuk-heading-xl\">").Text(wholeAgency ? "The agency's tasks" : "My tasks").Raw("</h1>");
        if (request.SignedIn.Role is Role.EsafetyOfficer or Role.SeniorManager)
        {
            html.Raw("<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/tasks").Raw(wholeAgency ? string.Empty : "?scope=agency").Raw("\">")
                .Text(wholeAgency ? "Show only my tasks" : "Show every task in the agency").Raw("</a></p>");
        }

        int overdue = open.Count(t => t.IsOverdue(now));
        html.Raw("<p class=\"govuk-body\">").Text(open.Count == 0 ? "You have nothing to do." : string.Create(Uk, $"{open.Count} open, of which {overdue} overdue.")).Raw("</p>");
        if (open.Count > 0)
        {
            Table(html, "Open tasks", open, now);
        }

        if (done.Count > 0)
        {
            Table(html, "Done lately", done, now);
        }

        return Layout.Page(wholeAgency ? "The agency's tasks" : "My tasks", html.ToString(), request.SignedIn);
    }

    static void Table(Html html, string caption, IEnumerable<WorkTask> rows, DateTimeOffset now)
    {
        html.Raw("<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">").Text(caption).Raw("</caption>")
            .Raw("<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Task</th>")
            .Raw("<th scope=\"col\" class=\"govuk-table__header\">Due</th><th scope=\"col\" class=\"govuk-table__header\">Status</th></tr></thead><tbody class=\"govuk-table__body\">");
        foreach (WorkTask task in rows)
        {
            (string tag, string label) = task.State == WorkTaskState.Done ? ("govuk-tag--green", "Done")
                : task.IsOverdue(now) ? ("govuk-tag--red", "Overdue")
                : task.DueAt - now < TimeSpan.FromDays(7) ? ("govuk-tag--yellow", "Due soon")
                : ("govuk-tag--blue", "To do");
            html.Raw("<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"").Text(task.Link).Raw("\">").Text(task.Title).Raw("</a>")
                .Raw(task.Delegation is { } d ? "<br><span class=\"govuk-body-s\">Delegated " + Html.Encode(d.DelegatedAt.ToString("d MMM yyyy", Uk)) + "</span>" : string.Empty).Raw("</td>")
                .Raw("<td class=\"govuk-table__cell\">").Text(task.DueAt.ToString("d MMM yyyy HH:mm", Uk)).Raw("</td>")
                .Raw("<td class=\"govuk-table__cell\"><strong class=\"govuk-tag ").Raw(tag).Raw("\">").Text(label).Raw("</strong></td></tr>");
        }

        html.Raw("</tbody></table>");
    }
}
