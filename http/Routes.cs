namespace EsafetyServerless.Http;

/// <summary>
/// Every route, once. The Functions app uses these constants in its <c>[HttpTrigger]</c> attributes (host.json
/// sets an empty route prefix, so "api/..." is part of the route) and the local runtime maps the same strings.
/// </summary>
public static partial class Routes
{
    public const string Health = "api/health";
    public const string OpenApi = "api/openapi.json";
    public const string Me = "api/me";
    public const string Agencies = "api/agencies";
    public const string AgencyPeople = "api/agencies/{agencyId}/people";
    public const string SelfTests = "api/platform/self-tests";
    public const string SelfTest = "api/platform/self-tests/{runId}";
    public const string SelfTestConfirmation = "api/platform/self-tests/{runId}/confirmation";
    public const string Incidents = "api/incidents";
    public const string Incident = "api/incidents/{incidentId}";
    public const string IncidentsCsv = "api/incidents.csv";
    public const string IncidentTriage = "api/incidents/{incidentId}/triage";
    public const string IncidentActions = "api/incidents/{incidentId}/actions";
    public const string IncidentConclusion = "api/incidents/{incidentId}/conclusion";
    public const string EvidenceFiles = "api/incidents/{incidentId}/evidence/files";
    public const string EvidenceItems = "api/incidents/{incidentId}/evidence/items";
    public const string Evidence = "api/incidents/{incidentId}/evidence";
    public const string EvidenceVerification = "api/incidents/{incidentId}/evidence/verify";
    public const string EvidenceCustody = "api/incidents/{incidentId}/evidence/custody";
    public const string AuditVerification = "api/agencies/{agencyId}/audit/verification";
    public const string InboundEmail = "api/inbound/email";
    public const string UnverifiedReports = "api/unverified-reports";
    public const string UnverifiedReportAcceptance = "api/unverified-reports/{reportId}/acceptance";
    public const string UnverifiedReportDismissal = "api/unverified-reports/{reportId}/dismissal";
    public const string Home = "home";
    public const string ReportPage = "report";
    public const string ReportConfirmationPage = "report/{incidentId}/confirmation";
    public const string IncidentLogPage = "incidents";
    public const string IncidentPage = "incidents/{incidentId}";
    public const string UnverifiedReportDecisionForm = "incidents/unverified/{reportId}";
    public const string Assets = "assets/{*path}";
    public const string Tasks = "api/tasks";
    public const string EscalationAcknowledgement = "api/incidents/{incidentId}/escalations/{escalationId}/acknowledgement";
    public const string EscalationAcknowledgementForm = "incidents/{incidentId}/escalations/{escalationId}";
    public const string Referral = "referrals/{token}";
    public const string PolicyReview = "api/incidents/{incidentId}/policy-review";
    public const string PolicyReviewDelegation = "api/incidents/{incidentId}/policy-review/delegation";
    public const string PolicyReviewPage = "incidents/{incidentId}/policy-review";
    public const string TriageForm = "incidents/{incidentId}/triage";
    public const string ActionForm = "incidents/{incidentId}/actions";
    public const string ConclusionForm = "incidents/{incidentId}/conclusion";
    public const string PolicyReviewDelegationForm = "incidents/{incidentId}/policy-review/delegation";
    public const string TargetChannels = "api/escalation-channels";
    public const string TargetChannel = "api/escalation-channels/{target}";
    public const string TargetChannelsPage = "escalation-channels";
    public const string TargetChannelForm = "escalation-channels/{target}";
    public const string TasksPage = "tasks";

    /// <summary>App Service Authentication's sign-in path; the local runtime serves a development sign-in there.</summary>
    public const string SignIn = "/.auth/login/aad";
}
