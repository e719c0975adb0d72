using EsafetyServerless.Workflows.Escalation;
using EsafetyServerless.Workflows.Incidents;

namespace EsafetyServerless.Workflows.Response;

/// <param name="Serious">Routes 1–3 are serious: they start the senior manager's post-incident policy review.</param>
/// <param name="SecureEvidence">Illegal material suspected: the technician must isolate the device and change nothing.</param>
/// <param name="TellHumanResources">A member of staff or a volunteer is involved: HR is told (and, below the LADO
/// threshold, the internal disciplinary/AUP route applies).</param>
public sealed record ResponsePlan(
    ResponseRoute Route,
    bool Serious,
    IReadOnlyList<EscalationTarget> Escalations,
    bool SecureEvidence,
    bool TellHumanResources);

/// <summary>
/// The incident flowchart as a pure function from the answers to its questions to a response plan. The order of
/// the questions sets the primary route: illegal material (police) before a member of staff meeting the LADO
/// threshold before a child at risk of significant harm (First Response); otherwise the internal route.
/// </summary>
public static class Flowchart
{
    public static ResponsePlan Plan(Concerns concerns)
    {
        ArgumentNullException.ThrowIfNull(concerns);
        List<EscalationTarget> escalations = [];

        // Plans are made from the officer's yes/no answers (a "Not sure" report awaits triage); should a "Not sure"
        // ever reach here it counts as a yes, so the doubt goes to the people who can resolve it, never as a "no".
        bool illegal = concerns.IllegalSuspected != false;
        if (illegal)
        {
            escalations.Add(EscalationTarget.Police);
            bool childSexualAbuse = concerns.IllegalKinds.Contains(IllegalKind.IndecentImagesOfChildren)
                || concerns.IllegalKinds.Contains(IllegalKind.GroomingOrSexualExploitation);
            if (childSexualAbuse)
            {
                escalations.Add(EscalationTarget.Ceop);
            }

            if (concerns.IllegalKinds.Contains(IllegalKind.IndecentImagesOfChildren) && !string.IsNullOrWhiteSpace(concerns.PublicWebUrl))
            {
                escalations.Add(EscalationTarget.Iwf);
            }
        }

        bool staffInvolved = concerns.StaffInvolved != false;
        bool ladoThresholdMet = staffInvolved && concerns.LadoThreshold.Count > 0;
        if (ladoThresholdMet)
        {
            escalations.Add(EscalationTarget.Lado);
        }

        bool childAtRisk = concerns.ChildAtRiskOfSignificantHarm != false;
        if (childAtRisk)
        {
            escalations.Add(EscalationTarget.FirstResponse);
        }

        ResponseRoute route = illegal ? ResponseRoute.Police
            : ladoThresholdMet ? ResponseRoute.Lado
            : childAtRisk ? ResponseRoute.FirstResponse
            : ResponseRoute.Internal;
        return new ResponsePlan(route, route != ResponseRoute.Internal, escalations, SecureEvidence: illegal, TellHumanResources: staffInvolved);
    }
}
