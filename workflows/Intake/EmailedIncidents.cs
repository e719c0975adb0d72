using System.Text;
using EsafetyServerless.Workflows.Incidents;

namespace EsafetyServerless.Workflows.Intake;

/// <summary>An incident reported by email, whether from a known member of the agency or accepted from an unknown sender.</summary>
static class EmailedIncidents
{
    /// <summary>Longest From address kept (RFC 5321's limit for a path).</summary>
    public const int FromMaxLength = 320;

    public const int SubjectMaxLength = 500;

    /// <summary>
    /// It waits for the officer's triage, since an email cannot answer the flowchart's questions (docs/domain.md,
    /// "The incident flowchart"), and it keeps where its raw message and attachments are.
    /// </summary>
    public static Incident Create(
        string agencyId, string reportedBy, DateTimeOffset submittedAt, DateTimeOffset occurredAt, string description, EmailRecord email, IReadOnlyList<IncidentAction> actions) => new()
    {
        IncidentId = IncidentIds.NewId(submittedAt),
        AgencyId = agencyId,
        Reference = string.Empty,
        AwaitingTriage = true,
        Source = IncidentSource.Email,
        SubmittedAt = submittedAt,
        ReportedBy = reportedBy,
        Report = new IncidentReport(occurredAt, description, HowIdentified.Other, null, [], Concerns: null),
        Email = email,
        Actions = actions,
    };

    /// <summary>The subject and the text, shortened to what an incident's description holds (the raw message keeps everything).</summary>
    public static string Description(string subject, string text)
    {
        string description = "Subject: " + Clean(subject) + "\n\n" + Clean(text);
        const string Note = "\n\n[Shortened here; the full message is kept with the incident.]";
        return description.Length <= IncidentValidation.DescriptionMaxLength
            ? description
            : description[..(IncidentValidation.DescriptionMaxLength - Note.Length)] + Note;
    }

    /// <summary>Keeps line breaks and tabs, drops other control characters (the raw message keeps everything).</summary>
    public static string Clean(string value)
    {
        StringBuilder cleaned = new(value.Length);
        foreach (char c in value)
        {
            if (!char.IsControl(c) || c is '\n' or '\r' or '\t')
            {
                cleaned.Append(c);
            }
        }

        return cleaned.ToString();
    }

    public static string Clip(string value, int length) => value.Length <= length ? value : value[..length];
}
