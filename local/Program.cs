using EsafetyServerless.Local;
using EsafetyServerless.Local.Azurite;

// The local runtime: the Functions app's workflows and HTTP layer in one process, on Azurite and the real durable engine.
// Content root = the build output, so appsettings.json is found whatever the working directory.
WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
LocalRuntimeOptions options = builder.Configuration.GetSection(LocalRuntimeOptions.SectionName).Get<LocalRuntimeOptions>() ?? new();

using FileStream dataLock = LocalRuntime.LockDataDirectory(options);
using ILoggerFactory startupLogging = LoggerFactory.Create(logging => logging.AddSimpleConsole(c => c.SingleLine = true));
await using AzuriteProcess? azurite = await LocalRuntime.StartStorageAsync(builder, options, startupLogging.CreateLogger("EsafetyServerless.Local.Storage"));

builder.AddLocalRuntime(options);
WebApplication app = builder.Build();
await app.PrepareAsync(options);
app.MapLocalRuntime(options);
await app.RunAsync();
