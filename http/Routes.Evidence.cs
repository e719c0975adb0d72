namespace EsafetyServerless.Http;

/// <summary>The evidence capability's routes (issue #6).</summary>
public static partial class Routes
{
    public const string EvidenceFileContent = "api/incidents/{incidentId}/evidence/{evidenceId}/content";
    public const string EvidenceReviews = "api/incidents/{incidentId}/evidence/reviews";
    public const string EvidenceHold = "api/incidents/{incidentId}/evidence/hold";
    public const string EvidenceHoldRelease = "api/incidents/{incidentId}/evidence/hold/release";
    public const string Disclosures = "api/incidents/{incidentId}/evidence/disclosures";
    public const string DisclosureDecision = "api/incidents/{incidentId}/evidence/disclosures/{requestId}/decision";
    public const string DisclosurePackageDownload = "api/disclosure-packages";
    public const string RetentionDue = "api/retention/due";
    public const string RetentionPurge = "api/incidents/{incidentId}/retention/purge";
    public const string EvidencePage = "incidents/{incidentId}/evidence";
    public const string RetentionPage = "retention";
    public const string RetentionPurgeForm = "retention/{incidentId}/purge";
}
