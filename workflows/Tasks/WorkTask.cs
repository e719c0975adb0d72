using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Tasks;

/// <summary>
/// Something a named role in an agency must do by a date: make a referral by phone, secure a device, review the
/// policies after a serious incident, review a register item. Workflows open tasks and wait for them; the capability
/// that owns the task's subject completes it. A task's title and instructions never name children.
/// </summary>
/// <param name="TaskId">Deterministic, so a retried activity opens the task once (e.g. "inc-…-review").</param>
/// <param name="SubjectId">What the task is about: an incident id, a register item id.</param>
/// <param name="AssigneeRole">Everyone with this role in the agency sees the task, unless it names a person.</param>
/// <param name="AssigneePersonId">Set when the task was delegated to (or opened for) one person.</param>
/// <param name="Link">The page where the task is done (a path within the app).</param>
public sealed record WorkTask(
    string TaskId,
    string AgencyId,
    WorkTaskKind Kind,
    string SubjectId,
    string Title,
    string Instructions,
    Role AssigneeRole,
    string? AssigneePersonId,
    DateTimeOffset OpenedAt,
    DateTimeOffset DueAt,
    string Link,
    WorkTaskState State = WorkTaskState.Open,
    TaskDelegation? Delegation = null,
    TaskCompletion? Completion = null)
{
    public bool IsOverdue(DateTimeOffset now) => this.State == WorkTaskState.Open && now > this.DueAt;

    /// <summary>Whether the person holds this task: the one it was delegated to, or else anyone with its role in the agency.</summary>
    public bool IsFor(Person person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return person.AgencyId == this.AgencyId
            && (this.AssigneePersonId is { } assignee ? assignee == person.PersonId : person.ActsAs(this.AssigneeRole));
    }

    /// <summary>Whether the task belongs in the person's "My tasks": they hold it, or they delegated it (and stay accountable).</summary>
    public bool Concerns(Person person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return this.IsFor(person) || (person.AgencyId == this.AgencyId && this.Delegation?.DelegatedBy == person.PersonId);
    }
}

public enum WorkTaskKind
{
    /// <summary>A referral made by phone or an online form (police 101/999, the IWF's report form); record the reference.</summary>
    ManualReferral,

    /// <summary>Isolate the device, change nothing, record who secured what and when (ACPO).</summary>
    SecureEvidence,

    /// <summary>After a serious incident: review every e-safety and acceptable-use policy and procedure.</summary>
    PostIncidentReview,

    /// <summary>The 12-month review of a register item (AUP, policy, risk assessment, filtering).</summary>
    RegisterReview,

    /// <summary>A person's training refresher.</summary>
    TrainingRefresher,

    /// <summary>An incident's records reached their retention date: review them and confirm the purge (or keep them).</summary>
    RetentionReview,

    /// <summary>Emails about an incident could not be delivered (refused, or the mail server down for hours): make sure people know.</summary>
    UndeliveredNotice,
}

public enum WorkTaskState
{
    Open,
    Done,
}

public sealed record TaskDelegation(string DelegatedBy, string DelegatedTo, DateTimeOffset DelegatedAt, string? Reason);

/// <param name="Summary">What was done, in the completer's words (e.g. the external reference, the review's findings).</param>
public sealed record TaskCompletion(string CompletedBy, DateTimeOffset CompletedAt, string Summary);

/// <summary>Port: the tasks of each agency.</summary>
public interface ITaskStore
{
    /// <summary>Opens the task, or returns the one already open under the same id (retries open a task once).</summary>
    Task<WorkTask> OpenAsync(WorkTask task, CancellationToken cancellationToken);

    Task<WorkTask?> FindAsync(string agencyId, string taskId, CancellationToken cancellationToken);

    /// <summary>The agency's tasks, open first then the most recently done.</summary>
    Task<IReadOnlyList<WorkTask>> ListAsync(string agencyId, CancellationToken cancellationToken);

    /// <summary>The tasks about one incident or register item, in the same order, reading only those.</summary>
    Task<IReadOnlyList<WorkTask>> ListForSubjectAsync(string agencyId, string subjectId, CancellationToken cancellationToken);

    /// <summary>The tasks the person holds or delegated (<see cref="WorkTask.Concerns"/>), in the same order, reading only those.</summary>
    Task<IReadOnlyList<WorkTask>> ListConcerningAsync(Person person, CancellationToken cancellationToken);

    /// <summary>Applies a change under optimistic concurrency; returns null when the task does not exist.</summary>
    Task<WorkTask?> UpdateAsync(string agencyId, string taskId, Func<WorkTask, WorkTask> change, CancellationToken cancellationToken);
}
