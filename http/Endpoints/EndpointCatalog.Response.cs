using EsafetyServerless.Http.Security;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Endpoints;

/// <summary>The incident-response workflow's tasks, escalations and acknowledgements (issue #4).</summary>
public static partial class EndpointCatalog
{
    public static readonly EndpointDefinition ListTasks =
        new(nameof(ListTasks), HttpMethods.Get, Routes.Tasks, Access.AnyRole, typeof(Tasks.ListTasksEndpoint));

    public static readonly EndpointDefinition MyTasksPage =
        new(nameof(MyTasksPage), HttpMethods.Get, Routes.TasksPage, Access.AnyRole, typeof(Tasks.MyTasksPageEndpoint));

    static EndpointDefinition[] ResponseEndpoints() =>
    [
        ListTasks, MyTasksPage,
    ];
}
