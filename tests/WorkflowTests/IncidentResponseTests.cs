using EsafetyServerless.Adapters.Email;
using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Notifications;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Response;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace EsafetyServerless.WorkflowTests;

/// <summary>The response workflow's first step on the real engine (in memory), with storage on Azurite and a real SMTP server.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class IncidentResponseTests(AzuriteFixture azurite) : IAsyncLifetime, IDisposable
{
    readonly SmtpSink mail = new();
    readonly string agencyId = "agency-" + Guid.NewGuid().ToString("N")[..8];
    TableIncidentStore incidents = null!;
    TablePeopleDirectory directory = null!;
    DurableTaskTestHost host = null!;

    public async Task InitializeAsync()
    {
        StorageTables tables = azurite.NewTables();
        this.incidents = new TableIncidentStore(tables);
        this.directory = new TablePeopleDirectory(tables);
        this.host = await DurableTaskTestHost.StartAsync(WorkflowCatalog.Register, new DurableTaskTestHostOptions
        {
            ConfigureServices = services =>
            {
                services.AddSingleton<IIncidentStore>(this.incidents);
                services.AddSingleton<IPeopleDirectory>(this.directory);
                services.AddSingleton<IEmailSender>(new SmtpEmailSender(new EmailOptions { SmtpHost = "127.0.0.1", SmtpPort = this.mail.Port }));
                services.AddSingleton(new AppLinks { BaseUrl = "https://esafety.example" });
                services.AddSingleton(TimeProvider.System);
            },
        });
    }

    public async Task DisposeAsync()
    {
        await this.host.DisposeAsync();
        await this.mail.DisposeAsync();
    }

    void IDisposable.Dispose()
    {
        // DisposeAsync (IAsyncLifetime) has already stopped the SMTP server; nothing is left to release.
    }

    async Task<Incident> ReportAsync()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        Incident incident = new()
        {
            IncidentId = IncidentIds.NewId(now),
            AgencyId = this.agencyId,
            Reference = string.Empty,
            Status = IncidentStatus.Reported,
            Source = IncidentSource.Form,
            SubmittedAt = now,
            ReportedBy = "reporter",
            Report = new IncidentReport(now, "Confidential description", HowIdentified.Observed, null, [], Concerns.None),
        };
        return (await this.incidents.CreateAsync(incident, null, CancellationToken.None)).Incident;
    }

    [Fact]
    public async Task Every_e_safety_officer_of_the_agency_is_emailed_and_the_notice_is_recorded()
    {
        await this.directory.SavePersonAsync(new Person("o1-" + this.agencyId, "o1@" + this.agencyId + ".example", "Officer One", this.agencyId, Role.EsafetyOfficer, "o1@" + this.agencyId + ".example"), CancellationToken.None);
        await this.directory.SavePersonAsync(new Person("s1-" + this.agencyId, "s1@" + this.agencyId + ".example", "Staff One", this.agencyId, Role.Staff, "s1@" + this.agencyId + ".example"), CancellationToken.None);
        Incident incident = await this.ReportAsync();
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(60));

        await this.host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(IncidentResponse), new IncidentResponseInput(incident.IncidentId), new StartOrchestrationOptions(incident.IncidentId), timeout.Token);
        OrchestrationMetadata done = await this.host.Client.WaitForInstanceCompletionAsync(incident.IncidentId, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(IncidentResponseStatus.OfficerNotified, done.ReadCustomStatusAs<string>());
        Assert.Equal(1, done.ReadOutputAs<IncidentResponseOutcome>()!.OfficersNotified);
        MimeMessage notice = await this.mail.WaitForAsync(m => m.Subject?.Contains(incident.Reference, StringComparison.Ordinal) == true, TimeSpan.FromSeconds(10));
        Assert.Equal("o1@" + this.agencyId + ".example", notice.To.Mailboxes.Single().Address);
        Assert.Contains("https://esafety.example/api/incidents/" + incident.IncidentId, notice.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(this.mail.Messages, m => m.To.Mailboxes.Any(a => a.Address.StartsWith("s1@", StringComparison.Ordinal)));
        Incident updated = (await this.incidents.FindAsync(incident.IncidentId, CancellationToken.None))!;
        Assert.Equal("E-safety officer notified by email: Officer One", updated.Actions.Single().Description);
    }

    [Fact]
    public async Task Orchestration_inputs_outputs_and_status_carry_ids_and_states_only()
    {
        await this.directory.SavePersonAsync(new Person("o2-" + this.agencyId, "o2@" + this.agencyId + ".example", "Officer Two", this.agencyId, Role.EsafetyOfficer, "o2@" + this.agencyId + ".example"), CancellationToken.None);
        Incident incident = await this.ReportAsync();
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(60));

        await this.host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(IncidentResponse), new IncidentResponseInput(incident.IncidentId), new StartOrchestrationOptions(incident.IncidentId), timeout.Token);
        OrchestrationMetadata done = await this.host.Client.WaitForInstanceCompletionAsync(incident.IncidentId, getInputsAndOutputs: true, timeout.Token);

        string recorded = done.SerializedInput + done.SerializedOutput + done.SerializedCustomStatus;
        Assert.Contains(incident.IncidentId, recorded, StringComparison.Ordinal);
        Assert.DoesNotContain("Confidential", recorded, StringComparison.Ordinal);
        Assert.DoesNotContain("Officer Two", recorded, StringComparison.Ordinal);
        Assert.DoesNotContain("@", recorded, StringComparison.Ordinal);
    }
}
