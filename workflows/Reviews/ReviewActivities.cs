using EsafetyServerless.Workflows.Platform;
using System.Globalization;
using EsafetyServerless.Workflows.Notifications;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Registers;
using EsafetyServerless.Workflows.Tasks;
using Microsoft.DurableTask;

namespace EsafetyServerless.Workflows.Reviews;

/// <summary>
/// Opens the cycle's task for the item's owner and tells them by email, unless the item's due date is no longer the
/// cycle's (it was reviewed since, or its date was changed). Titles name the register item, never a child.
/// </summary>
public sealed class OpenReviewTask(IRegisterStore registers, ITaskStore tasks, IPeopleDirectory directory, IEmailSender email, AppLinks links, TimeProvider timeProvider)
    : TaskActivity<ReviewStep, ReviewTaskOpened>
{
    public override async Task<ReviewTaskOpened> RunAsync(TaskActivityContext context, ReviewStep input)
    {
        ArgumentNullException.ThrowIfNull(input);
        DateOnly due = DateOnly.FromDateTime(input.DueAt.UtcDateTime);
        string taskId = ReviewInstances.TaskIdFor(input.ItemId, due);
        RegisterItem? item = await registers.FindAsync(input.AgencyId, input.ItemId, CancellationToken.None);
        if (item is null || item.NextReviewDue != due)
        {
            // Reviewed since (the due date moved on), or a row the due index kept for a date the item no longer has.
            return new ReviewTaskOpened(taskId, StillDue: false);
        }

        Role owner = ReviewCycle.OwnerRole(item.Kind);
        WorkTask task = new(
            taskId, item.AgencyId,
            item.Kind == RegisterKind.Training ? WorkTaskKind.TrainingRefresher : WorkTaskKind.RegisterReview,
            item.ItemId, ReviewTexts.TaskTitle(item),
            ReviewTexts.Instructions(item.Kind),
            owner, null, timeProvider.GetUtcNow(), input.DueAt, ReviewTexts.Link(item));
        WorkTask saved = await tasks.OpenAsync(task, CancellationToken.None);
        if (saved.OpenedAt == task.OpenedAt)
        {
            foreach (Person person in (await directory.ListPeopleAsync(item.AgencyId, CancellationToken.None)).Where(p => p.ActsAs(owner)))
            {
                await email.SendAsync(new OutgoingEmail(person.Email, "Review due: " + task.Title, ReviewTexts.Body(person, task, links, "This review is now on your task list.")), CancellationToken.None);
            }
        }

        return new ReviewTaskOpened(taskId, StillDue: saved.State == WorkTaskState.Open);
    }
}

/// <summary>
/// Chases an open review: a reminder to whoever holds the task (the delegate if it was delegated), then, once overdue,
/// the agency's senior manager, then the board admins. Nothing is sent once the task is done. Returns the recipients,
/// or <see cref="Superseded"/> when the item's due date has moved (a new technology, an edit): this cycle's task is
/// closed and the workflow ends, since the scan starts the cycle for the new date.
/// </summary>
public sealed class ChaseReview(IRegisterStore registers, ITaskStore tasks, IPeopleDirectory directory, IEmailSender email, AppLinks links, TimeProvider timeProvider)
    : TaskActivity<ReviewStep, int>
{
    public const int Superseded = -1;

    public override async Task<int> RunAsync(TaskActivityContext context, ReviewStep input)
    {
        ArgumentNullException.ThrowIfNull(input);
        DateOnly due = DateOnly.FromDateTime(input.DueAt.UtcDateTime);
        WorkTask? task = await tasks.FindAsync(input.AgencyId, ReviewInstances.TaskIdFor(input.ItemId, due), CancellationToken.None);
        if (task is null || task.State != WorkTaskState.Open)
        {
            return 0;
        }

        RegisterItem? item = await registers.FindAsync(input.AgencyId, input.ItemId, CancellationToken.None);
        if (item is null || item.NextReviewDue != due)
        {
            await tasks.UpdateAsync(input.AgencyId, task.TaskId, t => t with
            {
                State = WorkTaskState.Done,
                Completion = new TaskCompletion("system", timeProvider.GetUtcNow(), "Superseded: the item's review date changed"),
            }, CancellationToken.None);
            return Superseded;
        }

        IReadOnlyList<Person> agencyPeople = await directory.ListPeopleAsync(input.AgencyId, CancellationToken.None);
        List<Person> recipients = input.Stage switch
        {
            ReviewStage.EscalatedToSeniorManager => agencyPeople.Where(p => p.ActsAs(Role.SeniorManager) || task.IsFor(p)).ToList(),
            ReviewStage.EscalatedToBoard => (await directory.ListPeopleAsync(Agency.BoardId, CancellationToken.None)).Where(p => p.ActsAs(Role.BoardAdmin)).ToList(),
            _ => agencyPeople.Where(task.IsFor).ToList(),
        };
        string subject = input.Stage switch
        {
            ReviewStage.EscalatedToSeniorManager => "Overdue review: " + task.Title,
            ReviewStage.EscalatedToBoard => "Overdue review escalated to the board: " + task.Title + " (" + input.AgencyId + ")",
            _ => string.Create(CultureInfo.InvariantCulture, $"Reminder: review due in {Math.Max(1, (int)Math.Round((input.Lead ?? TimeSpan.Zero).TotalDays))} day(s): {task.Title}"),
        };
        string lead = input.Stage switch
        {
            ReviewStage.EscalatedToSeniorManager => "This review is overdue. As senior manager you are responsible for it being done; you may delegate it.",
            ReviewStage.EscalatedToBoard => "This review is still overdue after escalation to the agency's senior manager.",
            _ => "This review is due soon.",
        };
        foreach (Person person in recipients.DistinctBy(p => p.PersonId))
        {
            try
            {
                await email.SendAsync(new OutgoingEmail(person.Email, subject, ReviewTexts.Body(person, task, links, lead)), CancellationToken.None);
            }
            catch (EmailRejectedException)
            {
                // One refused address must not fail the activity (and with it the whole cycle): the others are still told.
            }
        }

        return recipients.Count;
    }
}

/// <summary>The words of review tasks and emails: register items by title and kind, links, dates.</summary>
public static class ReviewTexts
{
    public static string TaskTitle(RegisterItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind switch
        {
            RegisterKind.Aup => "Review the acceptable use policy \"" + item.Title + "\"",
            RegisterKind.Policy => "Review the policy \"" + item.Title + "\"",
            RegisterKind.Technology => "Review the risk assessment of \"" + item.Title + "\"",
            RegisterKind.Filtering => "Review filtering and monitoring: \"" + item.Title + "\"",
            RegisterKind.Training => "Training refresher due: \"" + item.Title + "\"",
            _ => "Review \"" + item.Title + "\"",
        };
    }

    public static string Instructions(RegisterKind kind) => kind switch
    {
        RegisterKind.Training => "Book the refresher, then record it in the training log; the next refresher is set 12 months on.",
        _ => "Review it with stakeholders (staff, volunteers, children, parents and carers). Record the issues identified, "
            + "the actions and who is responsible for each, and who you consulted; the next review is set 12 months on.",
    };

    public static string Link(RegisterItem item)
    {
        return RegisterPaths.Item(item);
    }

    public static string Body(Person person, WorkTask task, AppLinks links, string lead)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(links);
        return string.Create(CultureInfo.InvariantCulture, $"""
            Dear {person.DisplayName},

            {lead}

            {task.Title}
            Due: {UkTime.DayInEmail(task.DueAt)}

            {links.To(task.Link)}
            """);
    }
}
