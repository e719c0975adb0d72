using EsafetyServerless.Http.Assets;
using EsafetyServerless.Http.Incidents;
using EsafetyServerless.Http.Intake;
using EsafetyServerless.Http.Pages;
using EsafetyServerless.Http.Platform;
using EsafetyServerless.Http.Security;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Endpoints;

/// <summary>
/// The one list of endpoints. The local runtime maps <see cref="All"/>; the Functions app has one thin
/// <c>[Function]</c> per entry, named after the entry, and a test holds the two to the same routes and methods.
/// </summary>
public static partial class EndpointCatalog
{
    /// <summary>Everyone who works in an agency may report (board admins act for the board, not an agency).</summary>
    static readonly Access Reporters = Access.For(Role.Staff, Role.EsafetyOfficer, Role.SeniorManager, Role.Technician);

    public static readonly EndpointDefinition Health =
        new(nameof(Health), HttpMethods.Get, Routes.Health, Access.Anonymous, typeof(HealthEndpoint));

    public static readonly EndpointDefinition OpenApiDescription =
        new(nameof(OpenApiDescription), HttpMethods.Get, Routes.OpenApi, Access.AnyRole, typeof(OpenApi.OpenApiEndpoint));

    public static readonly EndpointDefinition Me =
        new(nameof(Me), HttpMethods.Get, Routes.Me, Access.AnyRole, typeof(MeEndpoint));

    public static readonly EndpointDefinition ListAgencies =
        new(nameof(ListAgencies), HttpMethods.Get, Routes.Agencies, Access.For(Role.BoardAdmin), typeof(ListAgenciesEndpoint));

    public static readonly EndpointDefinition ListAgencyPeople =
        new(nameof(ListAgencyPeople), HttpMethods.Get, Routes.AgencyPeople,
            Access.For(Role.EsafetyOfficer, Role.SeniorManager, Role.BoardAdmin), typeof(ListAgencyPeopleEndpoint));

    public static readonly EndpointDefinition StartSelfTest =
        new(nameof(StartSelfTest), HttpMethods.Post, Routes.SelfTests, Access.For(Role.BoardAdmin, Role.Technician), typeof(StartSelfTestEndpoint));

    public static readonly EndpointDefinition GetSelfTest =
        new(nameof(GetSelfTest), HttpMethods.Get, Routes.SelfTest, Access.For(Role.BoardAdmin, Role.Technician), typeof(GetSelfTestEndpoint));

    public static readonly EndpointDefinition ConfirmSelfTest =
        new(nameof(ConfirmSelfTest), HttpMethods.Post, Routes.SelfTestConfirmation, Access.For(Role.BoardAdmin, Role.Technician), typeof(ConfirmSelfTestEndpoint));

    public static readonly EndpointDefinition ReportIncident =
        new(nameof(ReportIncident), HttpMethods.Post, Routes.Incidents,
            Reporters, typeof(ReportIncidentEndpoint));

    public static readonly EndpointDefinition GetIncident =
        new(nameof(GetIncident), HttpMethods.Get, Routes.Incident,
            Reporters, typeof(GetIncidentEndpoint));

    public static readonly EndpointDefinition ListIncidents =
        new(nameof(ListIncidents), HttpMethods.Get, Routes.Incidents, Access.For(Role.EsafetyOfficer, Role.SeniorManager), typeof(ListIncidentsEndpoint));

    public static readonly EndpointDefinition ExportIncidents =
        new(nameof(ExportIncidents), HttpMethods.Get, Routes.IncidentsCsv, Access.For(Role.EsafetyOfficer, Role.SeniorManager), typeof(ExportIncidentsEndpoint));

    public static readonly EndpointDefinition TriageIncident =
        new(nameof(TriageIncident), HttpMethods.Post, Routes.IncidentTriage, Access.For(Role.EsafetyOfficer, Role.SeniorManager), typeof(TriageIncidentEndpoint));

    public static readonly EndpointDefinition RecordAction =
        new(nameof(RecordAction), HttpMethods.Post, Routes.IncidentActions, Access.For(Role.EsafetyOfficer, Role.SeniorManager), typeof(RecordActionEndpoint));

    public static readonly EndpointDefinition RecordConclusion =
        new(nameof(RecordConclusion), HttpMethods.Post, Routes.IncidentConclusion, Access.For(Role.EsafetyOfficer, Role.SeniorManager), typeof(RecordConclusionEndpoint));

    public static readonly EndpointDefinition VerifyAuditTrail =
        new(nameof(VerifyAuditTrail), HttpMethods.Get, Routes.AuditVerification,
            Access.For(Role.EsafetyOfficer, Role.SeniorManager, Role.BoardAdmin), typeof(VerifyAuditTrailEndpoint));

    /// <summary>SendGrid Inbound Parse: no signed-in person; the endpoint authenticates SendGrid itself.</summary>
    public static readonly EndpointDefinition ReceiveInboundEmail =
        new(nameof(ReceiveInboundEmail), HttpMethods.Post, Routes.InboundEmail, Access.Anonymous, typeof(SendGridInboundEndpoint));

    public static readonly EndpointDefinition ListUnverifiedReports =
        new(nameof(ListUnverifiedReports), HttpMethods.Get, Routes.UnverifiedReports, Access.For(Role.EsafetyOfficer, Role.SeniorManager), typeof(ListUnverifiedReportsEndpoint));

    public static readonly EndpointDefinition AcceptUnverifiedReport =
        new(nameof(AcceptUnverifiedReport), HttpMethods.Post, Routes.UnverifiedReportAcceptance, Access.For(Role.EsafetyOfficer), typeof(AcceptUnverifiedReportEndpoint));

    public static readonly EndpointDefinition DismissUnverifiedReport =
        new(nameof(DismissUnverifiedReport), HttpMethods.Post, Routes.UnverifiedReportDismissal, Access.For(Role.EsafetyOfficer), typeof(DismissUnverifiedReportEndpoint));

    public static readonly EndpointDefinition DecideUnverifiedReportForm =
        new(nameof(DecideUnverifiedReportForm), HttpMethods.Post, Routes.UnverifiedReportDecisionForm, Access.For(Role.EsafetyOfficer), typeof(DecideUnverifiedReportFormEndpoint));

    public static readonly EndpointDefinition HomePage =
        new(nameof(HomePage), HttpMethods.Get, Routes.Home, Access.AnyRole, typeof(HomePageEndpoint));

    public static readonly EndpointDefinition ReportFormPage =
        new(nameof(ReportFormPage), HttpMethods.Get, Routes.ReportPage, Reporters, typeof(ReportFormPageEndpoint));

    public static readonly EndpointDefinition SubmitReportForm =
        new(nameof(SubmitReportForm), HttpMethods.Post, Routes.ReportPage, Reporters, typeof(SubmitReportFormEndpoint));

    public static readonly EndpointDefinition ReportConfirmationPage =
        new(nameof(ReportConfirmationPage), HttpMethods.Get, Routes.ReportConfirmationPage, Reporters, typeof(ReportConfirmationPageEndpoint));

    public static readonly EndpointDefinition IncidentLogPage =
        new(nameof(IncidentLogPage), HttpMethods.Get, Routes.IncidentLogPage, Access.For(Role.EsafetyOfficer, Role.SeniorManager), typeof(IncidentLogPageEndpoint));

    public static readonly EndpointDefinition IncidentPage =
        new(nameof(IncidentPage), HttpMethods.Get, Routes.IncidentPage, Reporters, typeof(IncidentPageEndpoint));

    public static readonly EndpointDefinition StaticAsset =
        new(nameof(StaticAsset), HttpMethods.Get, Routes.Assets, Access.Anonymous, typeof(StaticAssetEndpoint));

    /// <summary>
    /// Every endpoint: the core ones here, then each capability's list from its own part of this class. Lazy, because
    /// static initializers in different files of a partial class run in no promised order.
    /// </summary>
    public static IReadOnlyList<EndpointDefinition> All => AllEndpoints.Value;

    static readonly Lazy<IReadOnlyList<EndpointDefinition>> AllEndpoints = new(() =>
    [
        .. Core(), .. EvidenceEndpoints(), .. ResponseEndpoints(), .. ReviewEndpoints(),
    ]);

    static EndpointDefinition[] Core() =>
    [
        Health, OpenApiDescription, Me, ListAgencies, ListAgencyPeople, StartSelfTest, GetSelfTest, ConfirmSelfTest,
        ReportIncident, GetIncident, ListIncidents, ExportIncidents, TriageIncident, RecordAction, RecordConclusion,
        VerifyAuditTrail, HomePage,
        ReportFormPage, SubmitReportForm, ReportConfirmationPage, IncidentLogPage, IncidentPage,
        ReceiveInboundEmail, ListUnverifiedReports, AcceptUnverifiedReport, DismissUnverifiedReport, DecideUnverifiedReportForm, StaticAsset,
    ];
}
