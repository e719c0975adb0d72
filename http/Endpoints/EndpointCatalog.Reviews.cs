using EsafetyServerless.Http.Security;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Endpoints;

/// <summary>The 12-month review cycle, the registers and compliance (issue #5).</summary>
public static partial class EndpointCatalog
{
    static EndpointDefinition[] ReviewEndpoints() =>
    [
    ];
}
