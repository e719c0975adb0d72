using System.Net;
using System.Net.Sockets;
using EsafetyServerless.Adapters;
using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.Http;
using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Local.Azurite;
using EsafetyServerless.Local.DurableEngine;
using EsafetyServerless.Local.Identity;
using EsafetyServerless.Local.Intake;
using EsafetyServerless.Local.Scheduling;
using EsafetyServerless.Local.Seed;
using EsafetyServerless.Workflows;
using EsafetyServerless.Workflows.Escalation;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Response;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using EsafetyServerless.Adapters.Orchestration;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using EsafetyServerless.Adapters.Configuration;

namespace EsafetyServerless.Local;

/// <summary>Composes the local runtime: storage (Azurite unless configured), the durable engine, the HTTP layer, timers.</summary>
public static partial class LocalRuntime
{
    /// <summary>
    /// Holds an exclusive lock on the data folder for the life of the process, so a second runtime on the same data
    /// stops at once instead of adopting (and later stopping) the first one's Azurite. The operating system releases
    /// the lock when the process dies, however it dies, so a restart after a crash is never blocked.
    /// </summary>
    public static FileStream LockDataDirectory(LocalRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string directory = RepositoryRoot.Resolve(options.DataDirectory);
        Directory.CreateDirectory(directory);
        try
        {
            return new FileStream(Path.Combine(directory, "runtime.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException(
                $"Another local runtime is already running on {directory}. Stop it first, or give this one its own Local__DataDirectory and ports.", ex);
        }
    }

    /// <summary>Starts Azurite unless <c>AzureWebJobsStorage</c> is configured, and points the configuration at it.</summary>
    public static async Task<AzuriteProcess?> StartStorageAsync(WebApplicationBuilder builder, LocalRuntimeOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(builder.Configuration[StorageConnection.SettingName]))
        {
            LogConfiguredStorage(logger);
            return null;
        }

        AzuriteProcess azurite = await AzuriteProcess.StartAsync(
            RepositoryRoot.Find(), RepositoryRoot.Resolve(Path.Combine(options.DataDirectory, "azurite")),
            options.AzuriteBlobPort, options.AzuriteQueuePort, options.AzuriteTablePort, logger, CancellationToken.None);
        builder.Configuration[StorageConnection.SettingName] = azurite.ConnectionString;
        return azurite;
    }

    public static WebApplicationBuilder AddLocalRuntime(this WebApplicationBuilder builder, LocalRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        if (options.GrpcPort == 0)
        {
            options.GrpcPort = FreeLoopbackPort();
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // As the Functions host's limit (Kestrel's own default, 30 MB, would refuse a 100 MB evidence file).
            kestrel.Limits.MaxRequestBodySize = Adapters.Configuration.HostLimits.RequestBodyBytes;
            kestrel.Listen(IPAddress.Parse(options.BindAddress), options.HttpPort, l => l.Protocols = HttpProtocols.Http1);
            kestrel.Listen(IPAddress.Loopback, options.GrpcPort, l => l.Protocols = HttpProtocols.Http2);
        });

        string storage = builder.Configuration[StorageConnection.SettingName]
            ?? throw new InvalidOperationException("The local durable engine needs a storage connection string in AzureWebJobsStorage.");
        string taskHub = builder.Configuration[DurableTaskHubName.SettingName] ?? DurableTaskHubName.Default;

        builder.Services.AddSingleton(options);
        // The development sign-in cookie is protected with keys kept in the data folder, so a restart keeps people signed in.
        builder.Services.AddDataProtection().SetApplicationName("EsafetyServerless.Local")
            .PersistKeysToFileSystem(new DirectoryInfo(RepositoryRoot.Resolve(Path.Combine(options.DataDirectory, "keys"))));
        builder.Services.AddSingleton<DevelopmentCookie>();
        // The response workflow's waits (Response__NoticeRetryFirst, …): tests shrink them; unset, the production values.
        builder.Services.AddSingleton((builder.Configuration.GetSection(ResponseOptions.SectionName).Get<ResponseOptions>() ?? new()).Validated());
        builder.Services.AddEsafetyWorkflows();
        builder.Services.AddEsafetyStorage(builder.Configuration);
        builder.Services.AddWorkflowSignals<FixedDurableClientSource>(ServiceLifetime.Singleton);
        // Locally, email goes to .eml files in the data folder unless SMTP is configured (Email__Provider=smtp).
        builder.Configuration["Email:PickupDirectory"] = RepositoryRoot.Resolve(
            builder.Configuration["Email:PickupDirectory"] ?? Path.Combine(options.DataDirectory, "outbox"));
        builder.Configuration["App:BaseUrl"] ??= $"http://127.0.0.1:{options.HttpPort}";
        builder.Services.AddEsafetyEmail(builder.Configuration);
        builder.Services.AddStorageQueueEscalations();
        builder.Services.AddEsafetyHttp(builder.Configuration);
        builder.Services.AddLocalDurableEngine(storage, taskHub, options.GrpcPort, options.PoisonMessageMaxDequeueCount);
        builder.Services.AddSingleton<LocalScheduler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LocalScheduler>());
        builder.Services.AddHostedService<LocalSmtpIntake>();
        return builder;
    }

    /// <summary>Creates the task hub and seeds the sample board before the first request is served.</summary>
    public static async Task PrepareAsync(this WebApplication app, LocalRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        await LocalDurableEngine.CreateTaskHubIfMissingAsync(app.Services);
        if (options.SeedSampleBoard && await SampleBoard.SeedIfEmptyAsync(app.Services.GetRequiredService<IPeopleDirectory>(), app.Services.GetRequiredService<ITargetChannels>(), CancellationToken.None))
        {
            await SampleRegisters.SeedAsync(app.Services.GetRequiredService<Workflows.Registers.IRegisterStore>(), app.Services.GetRequiredService<TimeProvider>(), CancellationToken.None);
            LogSeeded(app.Logger);
        }
    }

    /// <summary>Maps the same endpoints as the Functions app, plus the local stand-ins for what Azure's platform provides.</summary>
    public static WebApplication MapLocalRuntime(this WebApplication app, LocalRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<LocalAuthenticationMiddleware>();

        // For the benchmarks: how many storage requests a request made, in a response header (ids and counts only).
        app.Use(async (context, next) =>
        {
            StorageRequestCounter.Scope scope = StorageRequestCounter.BeginScope();
            context.Response.OnStarting(() =>
            {
                context.Response.Headers["X-Storage-Requests"] = scope.Requests.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Task.CompletedTask;
            });
            await next(context);
        });
        // The durable engine's sidecar, on its own loopback port; in Azure the Functions host has its own.
        app.MapGrpcService<TaskHubGrpcServer>().WithMetadata(LocalOnlyRoute.Instance);
        foreach (EndpointDefinition endpoint in EndpointCatalog.All)
        {
            app.MapMethods("/" + endpoint.Route, [endpoint.Method], (HttpContext context, HttpApi api) => api.InvokeAsync(endpoint, context))
                .WithName(endpoint.Name);
        }

        // Local-only conveniences: App Service provides /.auth/* in Azure.
        app.MapDevelopmentSignIn(options);
        app.MapGet("/", () => Results.Redirect("/home")).WithMetadata(LocalOnlyRoute.Instance);

        // For the benchmarks (loopback only, no data): how many storage requests this process has sent.
        app.MapGet("/local/diagnostics", () => Results.Json(new { storageRequests = StorageRequestCounter.Requests }))
            .WithMetadata(LocalOnlyRoute.Instance);
        return app;
    }

    static int FreeLoopbackPort()
    {
        using TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Using the storage account configured in AzureWebJobsStorage; Azurite is not started")]
    static partial void LogConfiguredStorage(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the sample board: two agencies and a person in every role")]
    static partial void LogSeeded(ILogger logger);
}

/// <summary>Marks routes that only the local runtime has (Azure's platform provides their equivalents).</summary>
public sealed class LocalOnlyRoute
{
    public static LocalOnlyRoute Instance { get; } = new();
}
