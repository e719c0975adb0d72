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

    static EndpointDefinition[] EvidenceEndpoints() =>
    [
        UploadEvidenceFile, RecordHeldEvidence, ListEvidence, VerifyEvidence, EvidenceCustody,
    ];
}
