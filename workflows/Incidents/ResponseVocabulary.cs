namespace EsafetyServerless.Workflows.Incidents;

// The vocabulary an incident's record uses for its response: values the incident log stores, so that the incident
// capability depends on nothing above it (the response, escalation and evidence capabilities build on these).

/// <summary>The primary route an incident takes through the flowchart (docs/domain.md, "The incident flowchart").</summary>
public enum ResponseRoute
{
    Police,
    Lado,
    FirstResponse,
    Internal,
}

/// <summary>Who outside the agency must hear about an incident (docs/domain.md, "The incident flowchart").</summary>
public enum EscalationTarget
{
    Police,
    Ceop,
    Iwf,
    Lado,
    FirstResponse,
}

/// <summary>How a target is reached, as the board administrator configured it.</summary>
public enum ChannelKind
{
    /// <summary>A secure mailbox: the notice is emailed with a signed acknowledgement link.</summary>
    Email,

    /// <summary>By phone or an online form (police 101/999, the IWF's report form): a task for the e-safety officer.</summary>
    Manual,
}

/// <summary>An incident named by its id: the input of the response workflow's activities (ids only, never names).</summary>
public sealed record IncidentRef(string IncidentId);
