using EsafetyServerless.Http.Security;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Endpoints;

/// <summary>Evidence preservation and chain of custody (issue #6).</summary>
public static partial class EndpointCatalog
{
    /// <summary>Evidence is handled by the agency's technicians and e-safety officer only.</summary>
    static readonly Access EvidenceHandlers = Access.For(Role.Technician, Role.EsafetyOfficer);

    public static readonly EndpointDefinition UploadEvidenceFile =
        new(nameof(UploadEvidenceFile), HttpMethods.Post, Routes.EvidenceFiles, EvidenceHandlers, typeof(Evidence.UploadEvidenceFileEndpoint));

    public static readonly EndpointDefinition RecordHeldEvidence =
        new(nameof(RecordHeldEvidence), HttpMethods.Post, Routes.EvidenceItems, EvidenceHandlers, typeof(Evidence.RecordHeldEvidenceEndpoint));

    public static readonly EndpointDefinition ListEvidence =
        new(nameof(ListEvidence), HttpMethods.Get, Routes.Evidence, EvidenceHandlers, typeof(Evidence.ListEvidenceEndpoint));

    public static readonly EndpointDefinition VerifyEvidence =
        new(nameof(VerifyEvidence), HttpMethods.Post, Routes.EvidenceVerification, EvidenceHandlers, typeof(Evidence.VerifyEvidenceEndpoint));

    public static readonly EndpointDefinition EvidenceCustody =
        new(nameof(EvidenceCustody), HttpMethods.Get, Routes.EvidenceCustody, EvidenceHandlers, typeof(Evidence.EvidenceCustodyEndpoint));

    public static readonly EndpointDefinition DownloadEvidenceFile =
        new(nameof(DownloadEvidenceFile), HttpMethods.Get, Routes.EvidenceFileContent, EvidenceHandlers, typeof(Evidence.DownloadEvidenceFileEndpoint));

    public static readonly EndpointDefinition RecordDeviceReview =
        new(nameof(RecordDeviceReview), HttpMethods.Post, Routes.EvidenceReviews, EvidenceHandlers, typeof(Evidence.RecordDeviceReviewEndpoint));

    public static readonly EndpointDefinition PlaceEvidenceHold =
        new(nameof(PlaceEvidenceHold), HttpMethods.Post, Routes.EvidenceHold, Access.For(Role.EsafetyOfficer, Role.SeniorManager), typeof(Evidence.PlaceEvidenceHoldEndpoint));

    /// <summary>Only a senior manager releases a legal hold.</summary>
    public static readonly EndpointDefinition ReleaseEvidenceHold =
        new(nameof(ReleaseEvidenceHold), HttpMethods.Post, Routes.EvidenceHoldRelease, Access.For(Role.SeniorManager), typeof(Evidence.ReleaseEvidenceHoldEndpoint));

    public static readonly EndpointDefinition RequestDisclosure =
        new(nameof(RequestDisclosure), HttpMethods.Post, Routes.Disclosures, EvidenceHandlers, typeof(Evidence.RequestDisclosureEndpoint));

    public static readonly EndpointDefinition ListDisclosures =
        new(nameof(ListDisclosures), HttpMethods.Get, Routes.Disclosures, Access.For(Role.Technician, Role.EsafetyOfficer, Role.SeniorManager), typeof(Evidence.ListDisclosuresEndpoint));

    public static readonly EndpointDefinition DecideDisclosure =
        new(nameof(DecideDisclosure), HttpMethods.Post, Routes.DisclosureDecision, Access.For(Role.SeniorManager), typeof(Evidence.DecideDisclosureEndpoint));

    /// <summary>The external requester's download: no sign-in; the signed, one-time link is the authority.</summary>
    public static readonly EndpointDefinition DownloadDisclosurePackage =
        new(nameof(DownloadDisclosurePackage), HttpMethods.Get, Routes.DisclosurePackageDownload, Access.Anonymous, typeof(Evidence.DownloadDisclosurePackageEndpoint));

    public static readonly EndpointDefinition ListRetentionDue =
        new(nameof(ListRetentionDue), HttpMethods.Get, Routes.RetentionDue, Access.For(Role.EsafetyOfficer), typeof(Evidence.ListRetentionDueEndpoint));

    public static readonly EndpointDefinition PurgeIncident =
        new(nameof(PurgeIncident), HttpMethods.Post, Routes.RetentionPurge, Access.For(Role.EsafetyOfficer), typeof(Evidence.PurgeIncidentEndpoint));

    public static readonly EndpointDefinition EvidencePage =
        new(nameof(EvidencePage), HttpMethods.Get, Routes.EvidencePage, Access.For(Role.Technician, Role.EsafetyOfficer, Role.SeniorManager), typeof(Evidence.EvidencePageEndpoint));

    public static readonly EndpointDefinition EvidencePageForm =
        new(nameof(EvidencePageForm), HttpMethods.Post, Routes.EvidencePage, Access.For(Role.Technician, Role.EsafetyOfficer, Role.SeniorManager), typeof(Evidence.EvidencePageFormEndpoint));

    public static readonly EndpointDefinition RetentionPage =
        new(nameof(RetentionPage), HttpMethods.Get, Routes.RetentionPage, Access.For(Role.EsafetyOfficer), typeof(Evidence.RetentionPageEndpoint));

    public static readonly EndpointDefinition RetentionPurgeForm =
        new(nameof(RetentionPurgeForm), HttpMethods.Post, Routes.RetentionPurgeForm, Access.For(Role.EsafetyOfficer), typeof(Evidence.RetentionPurgeFormEndpoint));

    static EndpointDefinition[] EvidenceEndpoints() =>
    [
        UploadEvidenceFile, RecordHeldEvidence, ListEvidence, VerifyEvidence, EvidenceCustody,
        DownloadEvidenceFile, RecordDeviceReview, PlaceEvidenceHold, ReleaseEvidenceHold, RequestDisclosure, ListDisclosures, DecideDisclosure,
        DownloadDisclosurePackage, ListRetentionDue, PurgeIncident, EvidencePage, EvidencePageForm, RetentionPage, RetentionPurgeForm,
    ];
}
