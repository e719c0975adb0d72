using EsafetyServerless.Http;
using EsafetyServerless.Http.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace EsafetyServerless.Functions;

/// <summary>The review cycle's, registers' and compliance triggers (see <see cref="EndpointCatalog"/>).</summary>
public sealed partial class HttpFunctions
{
}
