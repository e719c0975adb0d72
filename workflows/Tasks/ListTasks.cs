using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Tasks;

public enum TaskScope
{
    /// <summary>The tasks the person holds, or delegated and still answers for.</summary>
    Mine,

    /// <summary>Every task of the person's agency, for those <see cref="TaskPermissions.AgencyWide"/>; anyone else gets their own.</summary>
    Agency,
}

/// <param name="WholeAgency">Whether these are the agency's tasks (asked for, and allowed) rather than the person's own.</param>
/// <param name="Tasks">Open tasks first, then the most recently done (the store's order).</param>
public sealed record TaskList(bool WholeAgency, IReadOnlyList<WorkTask> Tasks);

/// <summary>Someone's tasks: theirs, or the whole agency's for its e-safety officer and senior manager. Every listing is audited.</summary>
public sealed class ListTasks(ITaskStore tasks, AuditRecorder audit) : IUseCase
{
    /// <param name="auditDetail">What the audit entry says was listed ("mine", "agency", "page").</param>
    public async Task<Outcome<TaskList>> ExecuteAsync(Actor actor, TaskScope scope, string auditDetail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        bool wholeAgency = scope == TaskScope.Agency && TaskPermissions.MaySeeTheAgencys(actor);
        IReadOnlyList<WorkTask> listed = wholeAgency
            ? await tasks.ListAsync(actor.AgencyId, cancellationToken)
            : await tasks.ListConcerningAsync(actor.Person, cancellationToken);
        await audit.RecordAsync(actor, actor.AgencyId, AuditActions.List, "tasks", auditDetail);
        return new TaskList(wholeAgency, listed);
    }
}
