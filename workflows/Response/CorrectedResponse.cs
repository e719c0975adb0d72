using System.Globalization;
using EsafetyServerless.Workflows.Escalation;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Notifications;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Orchestration;
using Microsoft.DurableTask;

namespace EsafetyServerless.Workflows.Response;

/// <param name="Added">Referrals the correction added: each published and chased like the plan's own.</param>
/// <param name="Withdrawn">Referrals it withdrew: each emailed target is told.</param>
/// <param name="NewlySerious">The incident became serious: legal hold and post-incident review.</param>
public sealed record CorrectedResponseInput(
    string IncidentId, string AgencyId, IReadOnlyList<PlannedEscalation> Added, IReadOnlyList<string> Withdrawn, bool NewlySerious, ResponseTimings? Timings = null);

/// <summary>
/// What one correction of the flowchart's answers set going (<see cref="CorrectIncident"/>; instance id
/// <c>{incidentId}:correction-{n}</c>): the withdrawn referrals' targets told, the added referrals published and chased
/// to their acknowledgement exactly as <see cref="IncidentResponse"/> chases the plan's, and for an incident that became
/// serious the legal hold and the post-incident review. Ids and states only, like every workflow's state.
/// </summary>
public sealed class CorrectedResponse : TaskOrchestrator<CorrectedResponseInput, int>
{
    static readonly TaskOptions Retries = ActivityRetries.Standard;

    public override async Task<int> RunAsync(TaskOrchestrationContext context, CorrectedResponseInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ResponseTimings timings = input.Timings ?? ResponseTimings.Default;
        IncidentRef incident = new(input.IncidentId);
        NoticeFollowUp notices = new(context, incident, timings, null);
        if (input.Withdrawn.Count > 0)
        {
            notices.Follow(await context.CallActivityAsync<NoticeReport>(nameof(WithdrawReferrals), new ReferralWithdrawal(input.IncidentId, input.Withdrawn), Retries));
        }

        List<Task<bool>> chases = [.. input.Added.Select(e => IncidentResponse.ChaseEscalationAsync(context, notices, input.IncidentId, input.AgencyId, e, timings))];
        Task<bool> review = Task.FromResult(true);
        if (input.NewlySerious)
        {
            await context.CallActivityAsync<bool>(nameof(Evidence.PlaceLegalHold), incident, Retries);
            review = IncidentResponse.SeePostIncidentReviewThroughAsync(context, notices, input.IncidentId, timings);
        }

        bool[] acknowledged = await Task.WhenAll(chases);
        await review;
        await notices.DrainedAsync();
        return acknowledged.Count(a => a);
    }
}

public sealed record ReferralWithdrawal(string IncidentId, IReadOnlyList<string> EscalationIds);

/// <summary>
/// Tells each emailed target of a withdrawn referral that it is no longer needed — once (notice
/// <c>withdrawn/{escalation}</c> in the incident's outbox), with no names and not the officer's reason, like the referral
/// itself. A referral made by phone or form was never emailed: the officer tells them as they referred.
/// </summary>
public sealed class WithdrawReferrals(IIncidentStore incidents, ITargetChannels channels, IPeopleDirectory directory, NoticeDelivery delivery) : TaskActivity<ReferralWithdrawal, NoticeReport>
{
    public override async Task<NoticeReport> RunAsync(TaskActivityContext context, ReferralWithdrawal input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Incident? incident = await incidents.FindAsync(input.IncidentId, CancellationToken.None);
        if (incident?.Plan is null)
        {
            return NoticeReport.None; // Purged after its retention period.
        }

        List<Person> officers = (await directory.ListPeopleAsync(incident.AgencyId, CancellationToken.None)).Where(p => p.ActsAs(Role.EsafetyOfficer)).ToList();
        string contact = officers.Count == 0 ? "the agency's senior manager" : string.Join("; ", officers.Select(o => o.DisplayName + " <" + o.Email + ">"));
        List<Notice> notices = [];
        foreach (EscalationRecord escalation in incident.Plan.Escalations.Where(e => input.EscalationIds.Contains(e.EscalationId) && e.State == EscalationState.Withdrawn))
        {
            TargetChannel channel = await channels.GetAsync(escalation.Target, CancellationToken.None);
            if (escalation.Channel != ChannelKind.Email || escalation.SentAt is not { } sentAt || string.IsNullOrWhiteSpace(channel.Address))
            {
                continue;
            }

            notices.Add(new Notice("withdrawn/" + escalation.EscalationId, new OutgoingEmail(channel.Address, $"Withdrawn: e-safety referral {incident.Reference}", string.Create(CultureInfo.InvariantCulture, $"""
                {TargetNames.Greeting(escalation.Target)},

                The e-safety referral {incident.Reference} sent to you on {UkTime.InEmail(sentAt)} is withdrawn: the agency has corrected its report, and a referral to you is no longer needed.
                Nothing more is needed from you. If you have already acted on it, please tell the agency's e-safety officer: {contact}

                This email deliberately contains no names.
                """))));
        }

        return notices.Count == 0 ? NoticeReport.None : await delivery.SendAsync(incident.IncidentId, notices, CancellationToken.None);
    }
}
