using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace EsafetyServerless.Functions;

/// <summary>The activity context a class-based activity expects, built from the Functions invocation.</summary>
sealed class FunctionActivityContext(TaskName name, string instanceId) : TaskActivityContext
{
    public override TaskName Name => name;

    public override string InstanceId => instanceId;

    public static FunctionActivityContext From(string activityName, FunctionContext context) => new(
        activityName,
        context.BindingContext.BindingData.TryGetValue("instanceId", out object? id) && id is not null
            ? id.ToString() ?? context.InvocationId
            : context.InvocationId);
}
