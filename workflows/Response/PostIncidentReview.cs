using System.Globalization;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Notifications;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Tasks;
using Microsoft.DurableTask;

namespace EsafetyServerless.Workflows.Response;

/// <param name="DueAfter">Tests shrink it; null means ten working days.</param>
/// <param name="ReminderBefore">How long before the due date the reminder goes; null means three working days.</param>
public sealed record PostIncidentReviewRequest(string IncidentId, TimeSpan? DueAfter = null, TimeSpan? ReminderBefore = null);

/// <param name="Notices">The incident's notices after this step: some may wait for the mail server.</param>
public sealed record PostIncidentReviewOpened(string TaskId, DateTimeOffset RemindAt, DateTimeOffset DueAt, bool AlreadyCompleted, NoticeReport? Notices = null);

/// <param name="StillOpen">Whether the review is still to be done (a review recorded on the incident counts as done even if its task or event were lost).</param>
public sealed record PostIncidentReviewChased(bool StillOpen, NoticeReport? Notices = null);

public sealed record PostIncidentReviewChase(string IncidentId, PostIncidentReviewChaseStage Stage);

public enum PostIncidentReviewChaseStage
{
    /// <summary>The review is due soon: remind whoever holds the task.</summary>
    Reminder,

    /// <summary>The review is overdue: the board administrator is told and the senior manager chased.</summary>
    OverdueToBoard,
}

/// <summary>
/// After every serious incident the agency's senior manager must review all e-safety and acceptable-use policies and
/// procedures "as soon as possible" (docs/domain.md, "Requirements" and "Deadlines"): a task due in ten working days,
/// which they may delegate to the e-safety officer. The task opens once (its id is the incident's); the senior manager's
/// email goes once through the incident's outbox (<c>policy-review-opened/{person}</c>).
/// </summary>
public sealed class OpenPostIncidentReview(IIncidentStore incidents, ITaskStore tasks, IPeopleDirectory directory, NoticeDelivery notices, AppLinks links, TimeProvider timeProvider)
    : TaskActivity<PostIncidentReviewRequest, PostIncidentReviewOpened>
{
    static readonly WorkingCalendar Calendar = new();

    public static string TaskIdFor(string incidentId) => incidentId + "-policy-review";

    public override async Task<PostIncidentReviewOpened> RunAsync(TaskActivityContext context, PostIncidentReviewRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Incident incident = await incidents.FindAsync(input.IncidentId, CancellationToken.None)
            ?? throw new InvalidOperationException("The incident does not exist: " + input.IncidentId);
        DateTimeOffset now = timeProvider.GetUtcNow();
        DateTimeOffset due = input.DueAfter is { } after ? now + after : Calendar.AddWorkingDays(now, 10);
        DateTimeOffset remindAt = input.ReminderBefore is { } before ? due - before : Calendar.AddWorkingDays(now, 7);
        WorkTask opened = await tasks.OpenAsync(new WorkTask(
            TaskId: TaskIdFor(incident.IncidentId),
            AgencyId: incident.AgencyId,
            Kind: WorkTaskKind.PostIncidentReview,
            SubjectId: incident.IncidentId,
            Title: $"Review the e-safety and acceptable use policies after serious incident {incident.Reference}",
            Instructions: "Review all e-safety and acceptable-use policies and procedures in the light of this incident. Record the issues identified, the actions (and who is responsible for each) and the stakeholders you consulted.",
            AssigneeRole: Role.SeniorManager,
            AssigneePersonId: null,
            OpenedAt: now,
            DueAt: due,
            Link: "/incidents/" + incident.IncidentId + "/policy-review"), CancellationToken.None);
        const string Opened = "Post-incident policy review opened for the senior manager";
        bool done = opened.State == WorkTaskState.Done || incident.PostIncidentReview is not null;
        List<Notice> owed = [];
        if (!done)
        {
            foreach (Person manager in (await directory.ListPeopleAsync(incident.AgencyId, CancellationToken.None)).Where(p => p.ActsAs(Role.SeniorManager)))
            {
                string text = string.Create(CultureInfo.InvariantCulture, $"""
                    Dear {manager.DisplayName},

                    Incident {incident.Reference} is a serious incident. As senior manager, please review all e-safety and acceptable-use policies and procedures by {UkTime.DayInEmail(opened.DueAt)}.
                    You may delegate the review to the e-safety officer.

                    {links.To(opened.Link)}
                    """);
                owed.Add(new Notice("policy-review-opened/" + manager.PersonId,
                    new OutgoingEmail(manager.Email, $"Policy review needed after serious incident {incident.Reference}", text)));
            }
        }

        NoticeReport report = await notices.SendAsync(incident.IncidentId, owed, CancellationToken.None);
        bool told = incident.Actions.Any(a => a.TakenBy == IncidentAction.SystemActor && a.Description.StartsWith(Opened, StringComparison.Ordinal));
        if (!told && !done)
        {
            await incidents.AddActionAsync(incident.IncidentId, new IncidentAction(
                string.Create(CultureInfo.InvariantCulture, $"{Opened}, due {UkTime.DayInEmail(opened.DueAt)}"), IncidentAction.SystemActor, now), CancellationToken.None);
        }

        return new PostIncidentReviewOpened(opened.TaskId, remindAt < opened.DueAt ? remindAt : opened.DueAt, opened.DueAt, done, report);
    }
}

/// <summary>
/// Reminds whoever holds the review task, and when it is overdue tells the board administrators. Returns whether the
/// review is still open: a review recorded on the incident counts as done even if its task or event were lost. The
/// emails go once each through the incident's outbox (<c>policy-review-reminder/{person}</c>, <c>policy-review-overdue/{person}</c>).
/// </summary>
public sealed class ChasePostIncidentReview(IIncidentStore incidents, ITaskStore tasks, IPeopleDirectory directory, NoticeDelivery notices, AppLinks links, TimeProvider timeProvider)
    : TaskActivity<PostIncidentReviewChase, PostIncidentReviewChased>
{
    public override async Task<PostIncidentReviewChased> RunAsync(TaskActivityContext context, PostIncidentReviewChase input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Incident incident = await incidents.FindAsync(input.IncidentId, CancellationToken.None)
            ?? throw new InvalidOperationException("The incident does not exist: " + input.IncidentId);
        WorkTask? task = await tasks.FindAsync(incident.AgencyId, OpenPostIncidentReview.TaskIdFor(incident.IncidentId), CancellationToken.None);
        if (task is null || task.State == WorkTaskState.Done || incident.PostIncidentReview is not null)
        {
            return new PostIncidentReviewChased(StillOpen: false);
        }

        IReadOnlyList<Person> agencyPeople = await directory.ListPeopleAsync(incident.AgencyId, CancellationToken.None);
        List<Person> holders = agencyPeople.Where(task.IsFor).ToList();
        Agency? agency = await directory.GetAgencyAsync(incident.AgencyId, CancellationToken.None);
        DateTimeOffset now = timeProvider.GetUtcNow();
        List<Notice> messages = [];
        string description;
        if (input.Stage == PostIncidentReviewChaseStage.Reminder)
        {
            messages.AddRange(holders.Select(p => new Notice("policy-review-reminder/" + p.PersonId, new OutgoingEmail(p.Email, $"Reminder: policy review after {incident.Reference} due {UkTime.DayInEmail(task.DueAt)}", string.Create(CultureInfo.InvariantCulture, $"""
                Dear {p.DisplayName},

                The review of the e-safety and acceptable-use policies after serious incident {incident.Reference} is due by {UkTime.DayInEmail(task.DueAt)}.

                {links.To(task.Link)}
                """)))));
            description = "Post-incident policy review: reminder sent";
        }
        else
        {
            List<Person> boardAdmins = (await directory.ListPeopleAsync(Agency.BoardId, CancellationToken.None)).Where(p => p.ActsAs(Role.BoardAdmin)).ToList();
            List<Person> managers = agencyPeople.Where(p => p.ActsAs(Role.SeniorManager)).ToList();
            foreach (Person person in holders.Concat(managers).DistinctBy(p => p.PersonId))
            {
                messages.Add(new Notice("policy-review-overdue/" + person.PersonId, new OutgoingEmail(person.Email, $"Overdue: policy review after {incident.Reference}", string.Create(CultureInfo.InvariantCulture, $"""
                    Dear {person.DisplayName},

                    The review of the e-safety and acceptable-use policies after serious incident {incident.Reference} was due by {UkTime.DayInEmail(task.DueAt)} and is overdue. The board administrator has been told.

                    {links.To(task.Link)}
                    """))));
            }

            // The board sees which agency is late and by how much — never the incident's details.
            messages.AddRange(boardAdmins.Select(admin => new Notice("policy-review-overdue/" + admin.PersonId, new OutgoingEmail(admin.Email, $"Overdue post-incident policy review at {agency?.Name ?? incident.AgencyId}", string.Create(CultureInfo.InvariantCulture, $"""
                Dear {admin.DisplayName},

                {agency?.Name ?? incident.AgencyId} has not completed the policy review required after a serious e-safety incident (agency reference {incident.Reference}). It was due by {UkTime.DayInEmail(task.DueAt)}.
                Please follow it up with the agency's senior manager.
                """)))));
            description = "Post-incident policy review overdue: board administrator told";
        }

        NoticeReport report = await notices.SendAsync(incident.IncidentId, messages, CancellationToken.None);

        if (!incident.Actions.Any(a => a.TakenBy == IncidentAction.SystemActor && a.Description == description))
        {
            await incidents.AddActionAsync(incident.IncidentId, new IncidentAction(description, IncidentAction.SystemActor, now), CancellationToken.None);
        }

        return new PostIncidentReviewChased(StillOpen: true, report);
    }
}
