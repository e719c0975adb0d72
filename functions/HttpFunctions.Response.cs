using EsafetyServerless.Http;
using EsafetyServerless.Http.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace EsafetyServerless.Functions;

/// <summary>The response workflow's triggers: tasks, escalations, acknowledgements (see <see cref="EndpointCatalog"/>).</summary>
public sealed partial class HttpFunctions
{
    [Function(nameof(EndpointCatalog.ListTasks))]
    public Task<IResult> ListTasks(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Tasks)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.ListTasks, request, durable, context);

    [Function(nameof(EndpointCatalog.MyTasksPage))]
    public Task<IResult> MyTasksPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.TasksPage)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context) => this.InvokeAsync(EndpointCatalog.MyTasksPage, request, durable, context);
}
