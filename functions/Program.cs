using EsafetyServerless.Adapters;
using EsafetyServerless.Http;
using EsafetyServerless.Workflows;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// The Azure Functions host: the same services as the local runtime; only the triggers differ.
FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddEsafetyWorkflows();
builder.Services.AddEsafetyStorage(builder.Configuration);
builder.Services.AddEsafetyEmail(builder.Configuration);
builder.Services.AddServiceBusEscalations(builder.Configuration);
builder.Services.AddEsafetyHttp(builder.Configuration);
await builder.Build().RunAsync();
