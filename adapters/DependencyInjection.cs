using Azure.Messaging.ServiceBus;
using EsafetyServerless.Adapters.Configuration;
using EsafetyServerless.Adapters.Email;
using EsafetyServerless.Adapters.Messaging;
using EsafetyServerless.Adapters.Orchestration;
using EsafetyServerless.Workflows.Platform.Orchestration;
using EsafetyServerless.Workflows.Escalation;
using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.Workflows.Notifications;
using SendGrid;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Evidence;
using EsafetyServerless.Workflows.Intake;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Health;
using EsafetyServerless.Workflows.Platform.Links;
using EsafetyServerless.Workflows.Platform.Scheduling;
using EsafetyServerless.Workflows.Platform.SelfTest;
using EsafetyServerless.Workflows.Registers;
using EsafetyServerless.Workflows.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EsafetyServerless.Adapters;

public static class DependencyInjection
{
    /// <summary>Registers the Azure Storage adapters for every storage port, connected by <c>AzureWebJobsStorage</c>.</summary>
    public static IServiceCollection AddEsafetyStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        StorageConnection connection = StorageConnection.FromConfiguration(configuration);
        services.AddSingleton(connection);
        services.AddSingleton<IOutageDetector, AzureOutageDetector>();
        services.AddSingleton(_ => connection.CreateTableServiceClient());
        services.AddSingleton(_ => connection.CreateBlobServiceClient());
        services.AddSingleton(_ => connection.CreateQueueServiceClient());
        services.AddSingleton<StorageTables>();
        services.AddSingleton(new DurableTaskHubName(configuration[DurableTaskHubName.SettingName] ?? DurableTaskHubName.Default));

        services.AddSingleton<IPeopleDirectory, TablePeopleDirectory>();
        services.AddSingleton<ISchedulerHeartbeatStore, TableSchedulerHeartbeatStore>();
        services.AddSingleton<IScheduledRunLog, TableScheduledRunLog>();
        services.AddSingleton<Workflows.Reviews.IReviewCycleStarts, TableReviewCycleStarts>();
        services.AddSingleton<ISelfTestJournal, TableSelfTestJournal>();
        services.AddSingleton<IIncidentStore, TableIncidentStore>();
        services.AddSingleton<IAuditTrail, TableAuditTrail>();
        services.AddSingleton<IMailArchive, BlobMailArchive>();
        services.AddSingleton<IUnverifiedReports, TableUnverifiedReports>();
        services.AddSingleton<IEvidenceRegister, TableEvidenceRegister>();
        services.AddSingleton<IEvidenceVault, BlobEvidenceVault>();
        services.AddSingleton<TableEvidenceRecords>();
        services.AddSingleton<ILegalHolds>(s => s.GetRequiredService<TableEvidenceRecords>());
        services.AddSingleton<IDeviceReviews>(s => s.GetRequiredService<TableEvidenceRecords>());
        services.AddSingleton<IDisclosureRequests>(s => s.GetRequiredService<TableEvidenceRecords>());
        services.AddSingleton<IDisclosurePackages, BlobDisclosurePackages>();
        services.AddSingleton<IRetentionSchedule, TableRetentionSchedule>();
        services.AddSingleton<ICustodyIndex, TableCustodyIndex>();
        services.AddSingleton<ITaskStore, TableTaskStore>();
        services.AddSingleton<ITargetChannels, TableTargetChannels>();
        services.AddSingleton<IDeliveryLedger, TableDeliveryLedger>();
        services.AddSingleton<INoticeOutbox, TableNoticeOutbox>();
        services.AddSingleton<IRegisterStore>(sp => new TableRegisterStore(sp.GetRequiredService<StorageTables>()));
        services.AddSingleton<IAupDocuments, BlobAupDocuments>();
        services.AddSingleton<IHealthProbe, TableStorageProbe>();
        services.AddSingleton<IHealthProbe, TaskHubQueueProbe>();
        return services;
    }

    /// <summary>
    /// Workflows are started and signalled through <see cref="IWorkflowSignals"/>. The host says where the durable
    /// client comes from: the local runtime's own (<see cref="FixedDurableClientSource"/>) or the Functions trigger's
    /// binding (<see cref="InvocationDurableClientSource"/>, per invocation).
    /// </summary>
    public static IServiceCollection AddWorkflowSignals<TSource>(this IServiceCollection services, ServiceLifetime sourceLifetime)
        where TSource : class, IDurableClientSource
    {
        services.Add(new ServiceDescriptor(typeof(TSource), typeof(TSource), sourceLifetime));
        services.Add(new ServiceDescriptor(typeof(IDurableClientSource), sp => sp.GetRequiredService<TSource>(), sourceLifetime));
        services.AddScoped<IWorkflowSignals, DurableWorkflowSignals>();
        return services;
    }

    /// <summary>
    /// Azure: escalations travel over the Service Bus topic named by <c>ServiceBus__fullyQualifiedNamespace</c>, with the
    /// app's managed identity; a hosted processor per target subscription delivers them.
    /// </summary>
    public static IServiceCollection AddServiceBusEscalations(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string ns = configuration[AppSettingNames.ServiceBusNamespace.Replace("__", ":", StringComparison.Ordinal)]
            ?? throw new InvalidOperationException(AppSettingNames.ServiceBusNamespace + " is not set.");
        string? clientId = configuration[AppSettingNames.StorageClientId.Replace("__", ":", StringComparison.Ordinal)];
        Azure.Core.TokenCredential credential = string.IsNullOrWhiteSpace(clientId)
            ? new Azure.Identity.ManagedIdentityCredential(Azure.Identity.ManagedIdentityId.SystemAssigned)
            : new Azure.Identity.ManagedIdentityCredential(Azure.Identity.ManagedIdentityId.FromUserAssignedClientId(clientId));
        services.AddSingleton(_ => new ServiceBusClient(ns, credential));
        services.AddSingleton(sp => sp.GetRequiredService<ServiceBusClient>().CreateSender(ServiceBusEscalationChannel.TopicName));
        services.AddSingleton<IEscalationChannel, ServiceBusEscalationChannel>();
        services.AddSingleton<EscalationMessageHandler>();
        services.AddHostedService<ServiceBusEscalationConsumer>();
        return services;
    }

    /// <summary>The local runtime: escalations travel over a storage queue on Azurite, polled by a hosted consumer.</summary>
    public static IServiceCollection AddStorageQueueEscalations(this IServiceCollection services)
    {
        services.AddSingleton<EscalationQueueSignal>();
        services.AddSingleton<IEscalationChannel, QueueEscalationChannel>();
        services.AddSingleton<EscalationMessageHandler>();
        services.AddHostedService<QueueEscalationConsumer>();
        return services;
    }

    /// <summary>
    /// Registers the email sender the <c>Email__Provider</c> setting names, where links in emails point, and the reader
    /// of inbound mail (MIME) that the webhook and the local SMTP listener share.
    /// </summary>
    public static IServiceCollection AddEsafetyEmail(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        EmailOptions options = configuration.GetSection(EmailOptions.SectionName).Get<EmailOptions>() ?? new();
        services.AddSingleton(options);
        services.AddSingleton(configuration.GetSection(AppLinks.SectionName).Get<AppLinks>() ?? new());
        LinkSigningOptions linkSigning = configuration.GetSection(LinkSigningOptions.SectionName).Get<LinkSigningOptions>() ?? new();
        services.AddSingleton(_ => new SignedLinks(linkSigning));
        services.AddSingleton<IMailReader, MimeMailReader>();
        switch (options.Provider)
        {
            case EmailProviders.Smtp:
                services.AddSingleton<IEmailSender, SmtpEmailSender>();
                break;
            case EmailProviders.PickupDirectory:
                services.AddSingleton<IEmailSender, PickupDirectoryEmailSender>();
                break;
            case EmailProviders.SendGrid:
                string apiKey = configuration[SendGridEmailSender.ApiKeySetting.Replace("__", ":", StringComparison.Ordinal)]
                    ?? throw new InvalidOperationException("Email__Provider is sendgrid but SendGrid__ApiKey is not set.");
                services.AddSingleton<ISendGridClient>(new SendGridClient(apiKey));
                services.AddSingleton<IEmailSender, SendGridEmailSender>();
                break;
            default:
                throw new InvalidOperationException($"Email__Provider '{options.Provider}' is not one of sendgrid, smtp, pickup-directory.");
        }

        return services;
    }
}
