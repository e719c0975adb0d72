using EsafetyServerless.Workflows.Escalation;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Workflows.Response;

/// <summary>What a correction of the flowchart's answers changed in the recorded plan.</summary>
/// <param name="Added">Referrals the corrected answers call for that the plan did not have.</param>
/// <param name="Withdrawn">Referrals still waiting that the corrected answers no longer call for.</param>
/// <param name="NewlySerious">Serious now and not before: legal hold and post-incident review start.</param>
public sealed record PlanChange(RecordedPlan Plan, IReadOnlyList<EscalationRecord> Added, IReadOnlyList<EscalationRecord> Withdrawn, bool NewlySerious, bool NewlySecureEvidence)
{
    public bool NeedsWorkflow => this.Added.Count > 0 || this.Withdrawn.Count > 0 || this.NewlySerious;
}

/// <summary>
/// Runs the flowchart again on corrected answers, as a pure function of the recorded plan. Nothing already done is
/// forgotten: acknowledged, closed and withdrawn referrals stay on the record; a serious incident stays serious (its
/// evidence hold and post-incident review go on); a referral no longer needed is withdrawn with the reason, not removed.
/// </summary>
public static class PlanCorrection
{
    public static PlanChange Replan(string incidentId, RecordedPlan current, Concerns corrected, DateTimeOffset now, TimeSpan? acknowledgementWindow, string chasedBy, EscalationClosure withdrawal)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(corrected);
        ResponsePlan plan = Flowchart.Plan(corrected);
        List<EscalationRecord> live = current.Escalations.Where(e => e.State != EscalationState.Withdrawn).ToList();

        List<EscalationRecord> withdrawn = live
            .Where(e => !e.IsSettled && !plan.Escalations.Contains(e.Target))
            .Select(e => e with { State = EscalationState.Withdrawn, Withdrawal = withdrawal })
            .ToList();
        HashSet<string> taken = current.Escalations.Select(e => e.EscalationId).ToHashSet(StringComparer.Ordinal);
        List<EscalationRecord> added = plan.Escalations
            .Where(target => !live.Any(e => e.Target == target))
            .Select(target => new EscalationRecord(
                UniqueId($"{incidentId}-{WireNames.Of(target)}", taken), target, EscalationState.Queued,
                acknowledgementWindow is { } window ? now + window : EscalationDeadlines.DueAt(target, now), ChasedBy: chasedBy))
            .ToList();

        bool serious = current.Serious || plan.Serious;
        List<EscalationRecord> escalations = [.. current.Escalations.Select(e => withdrawn.FirstOrDefault(w => w.EscalationId == e.EscalationId) ?? e), .. added];
        RecordedPlan replanned = current with
        {
            Route = plan.Route,
            Serious = serious,
            Escalations = escalations,
            SecureEvidence = current.SecureEvidence || plan.SecureEvidence,
            TellHumanResources = current.TellHumanResources || plan.TellHumanResources,
            ReviewChasedBy = serious && !current.Serious ? chasedBy : current.ReviewChasedBy,
        };
        return new PlanChange(replanned, added, withdrawn, serious && !current.Serious, plan.SecureEvidence && !current.SecureEvidence);
    }

    /// <summary>The base id, or with -2, -3… when a withdrawn referral to the same target already has it.</summary>
    static string UniqueId(string baseId, HashSet<string> taken)
    {
        string id = baseId;
        for (int n = 2; !taken.Add(id); n++)
        {
            id = baseId + "-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return id;
    }
}
