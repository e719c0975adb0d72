using EsafetyServerless.Adapters;
using EsafetyServerless.Adapters.Configuration;
using EsafetyServerless.Adapters.Orchestration;
using EsafetyServerless.Http;
using EsafetyServerless.Workflows;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The Azure Functions host: the same services as the local runtime; only the triggers differ.
FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);

// Fail closed: no request is served with a missing, weak, development or unresolved secret.
SecretSettings.RequireUsable(builder.Configuration);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddSingleton(new EsafetyServerless.Workflows.Platform.Directory.DirectoryBootstrap(builder.Configuration["Directory:FirstBoardAdmin"]));
builder.Services.AddEsafetyWorkflows();
builder.Services.AddEsafetyStorage(builder.Configuration);
// The durable client comes from each trigger's [DurableClient] binding, per invocation.
builder.Services.AddWorkflowSignals<InvocationDurableClientSource>(ServiceLifetime.Scoped);
builder.Services.AddEsafetyEmail(builder.Configuration);
builder.Services.AddServiceBusEscalations(builder.Configuration);
// Only App Service Authentication may set the principal header (on, Entra ID, the board's tenant).
builder.Services.AddSingleton(EsafetyServerless.Http.Security.PrincipalTrust.ForAppService(builder.Configuration));
builder.Services.AddEsafetyHttp(builder.Configuration);
await builder.Build().RunAsync();
