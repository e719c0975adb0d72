using EsafetyServerless.Workflows.Escalation;
using EsafetyServerless.Workflows.Platform.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EsafetyServerless.Workflows;

public static class DependencyInjection
{
    /// <summary>Registers what the workflows need from DI in either host: the clock, the scheduled jobs and the activities.</summary>
    public static IServiceCollection AddEsafetyWorkflows(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new Response.ResponseOptions()); // The production timings, unless the host set others.
        services.TryAddSingleton(new Platform.Directory.DirectoryBootstrap(null)); // No first board admin unless the host reads one.
        services.AddScoped<Platform.Health.IHealthProbe, Platform.Health.BoardAdministrationProbe>();
        foreach (ScheduledJobDefinition job in ScheduledJobCatalog.All)
        {
            services.AddScoped(job.JobType);
        }

        services.AddSingleton<Audit.AuditRecorder>();
        services.AddSingleton<Evidence.CustodyRecorder>();
        services.AddSingleton<Evidence.CustodyLog>();
        services.AddScoped<Incidents.IncidentSubmission>();
        services.AddScoped<Incidents.IResponseWorkflow, Response.ResponseWorkflow>();
        services.AddScoped<Incidents.IRetentionFollowUp, Evidence.RetentionFollowUp>();
        services.AddScoped<Compliance.ComplianceReader>();
        services.AddScoped<Evidence.DisclosurePackagingWorkflow>();
        services.AddSingleton<Evidence.EvidenceUploads>();
        foreach (Type useCase in typeof(DependencyInjection).Assembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract && typeof(Platform.IUseCase).IsAssignableFrom(t)))
        {
            services.AddScoped(useCase);
        }

        services.AddSingleton<Notifications.NoticeDelivery>();
        services.AddSingleton<EscalationDispatcher>();
        services.AddSingleton<EscalationAcknowledgements>();
        services.AddScoped<ReferralLinks>();

        // Activities come from DI: the local worker builds them itself, the Functions wrappers receive them.
        foreach (Type activity in WorkflowCatalog.Activities)
        {
            services.AddTransient(activity);
        }

        return services;
    }
}
