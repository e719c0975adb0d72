using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Pages;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Tasks;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Tasks;

/// <summary>
/// <c>GET /api/tasks[?scope=agency]</c>: the signed-in person's tasks — open ones first, soonest due first — each with
/// whether it is overdue and the page where it is done. The officer and senior manager may ask for the whole agency's.
/// </summary>
[Endpoint("GET", "api/tasks", TaskPermissions.Holders)]
public sealed class ListTasksEndpoint(ListTasks listTasks, TimeProvider timeProvider) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string scope = request.Request.Query["scope"].ToString();
        if (scope is not ("" or "mine" or "agency"))
        {
            return ApiResults.Problem(Outcome.Invalid("scope", "scope must be 'mine' or 'agency'"));
        }

        Outcome<TaskList> listed = await listTasks.ExecuteAsync(
            request.SignedIn, scope == "agency" ? TaskScope.Agency : TaskScope.Mine, scope.Length == 0 ? "mine" : scope, request.Aborted);
        DateTimeOffset now = timeProvider.GetUtcNow();
        return ApiResults.From(listed, list => ApiResults.Json(new { tasks = list.Tasks.Select(t => TaskView.Of(t, now)) }));
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

/// <summary><c>GET /tasks[?scope=agency]</c>: "My tasks" — what is overdue, what is due, and what was done lately, with a link to each.</summary>
[Endpoint("GET", "tasks", TaskPermissions.Holders)]
public sealed class MyTasksPageEndpoint(ListTasks listTasks, PageRenderer pages, TimeProvider timeProvider) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        TaskScope scope = request.Request.Query["scope"].ToString() == "agency" ? TaskScope.Agency : TaskScope.Mine;
        Outcome<TaskList> listed = await listTasks.ExecuteAsync(request.SignedIn, scope, "page", request.Aborted);
        if (listed.Failure is { } failure)
        {
            return await pages.FailureAsync(PageContext.For(request), failure);
        }

        TaskList list = listed.Value;
        MyTasksModel model = new(
            list.WholeAgency,
            TaskPermissions.MaySeeTheAgencys(request.SignedIn),
            list.Tasks.Where(t => t.State == WorkTaskState.Open).ToList(),
            list.Tasks.Where(t => t.State == WorkTaskState.Done).Take(20).ToList(),
            timeProvider.GetUtcNow());
        return await pages.RenderAsync<MyTasksPage, MyTasksModel>(PageContext.For(request), model);
    }
}

/// <param name="WholeAgency">The agency's tasks are shown, not only the person's own.</param>
/// <param name="MayWiden">The person may switch between their own tasks and the agency's.</param>
/// <param name="Done">The most recently done, at most 20.</param>
public sealed record MyTasksModel(bool WholeAgency, bool MayWiden, IReadOnlyList<WorkTask> Open, IReadOnlyList<WorkTask> Done, DateTimeOffset Now)
{
    public string Title => this.WholeAgency ? "The agency's tasks" : "My tasks";

    /// <summary>The task's status, and the colour of its tag.</summary>
    public (string Label, string Colour) StatusOf(WorkTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.State == WorkTaskState.Done ? ("Done", "green")
            : task.IsOverdue(this.Now) ? ("Overdue", "red")
            : task.DueAt - this.Now < TimeSpan.FromDays(7) ? ("Due soon", "yellow")
            : ("To do", "blue");
    }
}
