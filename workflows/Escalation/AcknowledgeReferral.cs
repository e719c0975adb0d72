using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Notifications;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Orchestration;

namespace EsafetyServerless.Workflows.Escalation;

/// <param name="Reference">The number the target's own service gave the referral.</param>
public sealed record ReferralAcknowledgementDraft(string? Reference);

/// <summary>
/// The holder of a referral link acknowledges it with their own reference: the escalation is recorded as acknowledged,
/// the officer's referral task closed, the workflow stops chasing and the officer is told. A second acknowledgement
/// changes nothing and shows the first one's reference.
/// </summary>
public sealed class AcknowledgeReferral(
    ReferralLinks referralLinks, EscalationAcknowledgements acknowledgements, IWorkflowSignals workflows, IEmailSender email, AppLinks links) : IUseCase
{
    public async Task<Outcome<Referral>> ExecuteAsync(ReferralLink link, ReferralAcknowledgementDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        Outcome<OpenedReferral> found = await referralLinks.OpenAsync(link, cancellationToken);
        if (found.Failure is { } refused)
        {
            return refused;
        }

        FieldErrors errors = new();
        string? reference = ReferenceRules.Validate(draft.Reference, "reference", errors);
        if (reference is null)
        {
            return Outcome.Invalid(errors);
        }

        // Recorded, the workflow told and audited whatever the browser does now: the target has acknowledged.
        OpenedReferral opened = found.Value;
        string target = TargetNames.Describe(opened.Escalation.Target);
        (EscalationRecord? escalation, bool already) = await acknowledgements.AcknowledgeAsync(
            opened.Incident.IncidentId, opened.Escalation.EscalationId, reference, opened.Holder.Name,
            $"Acknowledged by {target} through the notice's link; their reference {reference}", CancellationToken.None);
        if (escalation is null)
        {
            return Outcome.Gone("This referral is no longer held", "The agency no longer holds this referral. Contact its e-safety officer.");
        }

        // Raised again on a repeat too: if an earlier request failed after saving, this is the workflow's only news of it.
        await workflows.RaiseAsync(escalation.ChasingInstance(opened.Incident.IncidentId), EscalationAcknowledgements.Acknowledged(escalation.EscalationId), escalation.ExternalReference ?? reference, CancellationToken.None);
        await referralLinks.AuditAsync(opened, AuditActions.Change, "referral-acknowledged");
        if (!already)
        {
            await this.TellOfficersAsync(opened, reference);
        }

        return (opened with { Escalation = escalation }).ToReferral();
    }

    /// <summary>The officer hears that the referral was acknowledged, and with which reference (a wrong recipient would show here).</summary>
    async Task TellOfficersAsync(OpenedReferral opened, string reference)
    {
        string target = TargetNames.Describe(opened.Escalation.Target);
        foreach (Person officer in opened.Officers)
        {
            string text = $"""
                Dear {officer.DisplayName},

                {target} acknowledged the referral for incident {opened.Incident.Reference} through the link in their notice. Their reference: {reference}

                If you do not recognise this acknowledgement, contact them by phone.
                {links.To("/incidents/" + opened.Incident.IncidentId + "#escalations")}
                """;
            try
            {
                await email.SendAsync(new OutgoingEmail(officer.Email, $"Referral for {opened.Incident.Reference} acknowledged by {target}", text), CancellationToken.None);
            }
            catch (EmailRejectedException)
            {
                // The acknowledgement stands and shows on the incident page; this email is a courtesy.
            }
        }
    }
}
