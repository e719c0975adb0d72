using EsafetyServerless.Adapters;
using EsafetyServerless.Workflows;
using EsafetyServerless.Http.Reviews;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.Http;
using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Security;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Registers;
using EsafetyServerless.Workflows.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using EsafetyServerless.Adapters.Orchestration;
using EsafetyServerless.Adapters.Configuration;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.IntegrationTests;

/// <summary>
/// The registers API through the real HTTP pipeline (principal, directory, role, handler) in process, with storage
/// and the audit trail on Azurite: create, update, sign, and the audit entry each one leaves.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RegistersApiTests : IDisposable
{
    static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    readonly string agencyId = "reg-" + Guid.NewGuid().ToString("N")[..8];
    readonly FakeTimeProvider clock = new(Now);
    readonly ServiceProvider services;
    readonly TableAuditTrail audit;
    readonly TableRegisterStore registers;
    readonly TableTaskStore tasks;
    readonly TablePeopleDirectory directory;

    public RegistersApiTests(AzuriteFixture azurite)
    {
        StorageTables tables = azurite.NewTables();
        this.audit = new TableAuditTrail(tables, this.clock);
        this.registers = new TableRegisterStore(tables);
        this.tasks = new TableTaskStore(tables);
        this.directory = new TablePeopleDirectory(tables);
        ServiceCollection collection = new();
        collection.AddLogging();
        collection.AddSingleton<TimeProvider>(this.clock);
        collection.AddSingleton<IAuditTrail>(this.audit);
        collection.AddSingleton<IRegisterStore>(this.registers);
        collection.AddSingleton<ITaskStore>(this.tasks);
        collection.AddSingleton<IPeopleDirectory>(this.directory);
        collection.AddSingleton<IAupDocuments>(new BlobAupDocuments(azurite.Storage.CreateBlobServiceClient()));
        collection.AddEsafetyWorkflows();
        // No durable engine here: a use case that tried to signal a workflow would fail, as the Functions app does without a binding.
        collection.AddWorkflowSignals<InvocationDurableClientSource>(ServiceLifetime.Scoped);
        collection.AddSingleton<IOutageDetector, AzureOutageDetector>();
        collection.AddEsafetyHttp(new ConfigurationBuilder().Build());
        this.services = collection.BuildServiceProvider();
        foreach (Person person in new[] { this.Officer, this.Staff, this.OtherOfficer, this.Admin })
        {
            this.directory.SavePersonAsync(person, CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    public void Dispose() => this.services.Dispose();

    Person Officer => PersonIn(this.agencyId, "officer", Role.EsafetyOfficer);

    Person Staff => PersonIn(this.agencyId, "staff", Role.Staff);

    Person OtherOfficer => PersonIn(this.agencyId + "-other", "officer", Role.EsafetyOfficer);

    Person Admin => PersonIn(Agency.BoardId, "admin-" + this.agencyId, Role.BoardAdmin);

    static Person PersonIn(string agency, string name, Role role) =>
        new(name + "." + agency, name + "@" + agency + ".example", name, agency, role, name + "@" + agency + ".example");

    sealed record Reply(int Status, JsonElement Body, string Text);

    async Task<Reply> SendAsync(Person person, EndpointDefinition endpoint, string? itemId = null, JsonNode? body = null)
    {
        await using AsyncServiceScope scope = this.services.CreateAsyncScope();
        DefaultHttpContext context = new() { RequestServices = scope.ServiceProvider };
        context.Request.Method = endpoint.Method;
        context.Request.Path = "/" + endpoint.Route.Replace("{agencyId}", this.agencyId, StringComparison.Ordinal).Replace("{itemId}", itemId ?? string.Empty, StringComparison.Ordinal);
        context.Request.RouteValues["agencyId"] = this.agencyId;
        if (itemId is not null)
        {
            context.Request.RouteValues["itemId"] = itemId;
        }

        context.Request.Headers[ClientPrincipal.HeaderName] = ClientPrincipal.ForSignInName(person.SignInName).ToHeaderValue();
        if (body is not null)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
            context.Request.ContentType = "application/json";
            context.Request.ContentLength = bytes.Length;
            context.Request.Body = new MemoryStream(bytes);
        }

        using MemoryStream response = new();
        context.Response.Body = response;
        IResult result = await scope.ServiceProvider.GetRequiredService<HttpApi>().InvokeAsync(endpoint, context);
        await result.ExecuteAsync(context);
        string text = Encoding.UTF8.GetString(response.ToArray());
        JsonElement json = text.StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return new Reply(context.Response.StatusCode, json, text);
    }

    static JsonObject StaffAup(string version) => new()
    {
        ["kind"] = "aup",
        ["title"] = "Staff acceptable use policy",
        ["aup"] = new JsonObject
        {
            ["audience"] = "staff", ["version"] = version, ["technologiesCovered"] = new JsonArray("Laptops", "Email"),
            ["statesSanctions"] = true, ["statesMonitoring"] = true,
        },
    };

    async Task<IReadOnlyList<AuditEvent>> AuditAsync() => (await this.audit.ReadAsync(this.agencyId, CancellationToken.None)).Select(e => e.Event).ToList();

    [Fact]
    public async Task Creating_updating_and_signing_an_AUP_version_are_each_recorded_and_audited()
    {
        Reply created = await this.SendAsync(this.Officer, EndpointCatalog.Of<CreateRegisterItemEndpoint>(), body: StaffAup("1"));
        Assert.True(created.Status == 201, created.Text);
        string aupId = created.Body.GetProperty("item").GetProperty("itemId").GetString()!;
        Assert.Equal("2027-11-28", created.Body.GetProperty("item").GetProperty("nextReviewDue").GetString());

        Reply updated = await this.SendAsync(this.Officer, EndpointCatalog.Of<UpdateRegisterItemEndpoint>(), aupId, StaffAup("2"));
        Assert.True(updated.Status == 200, updated.Text);
        Assert.Equal("2", updated.Body.GetProperty("item").GetProperty("aup").GetProperty("version").GetString());

        Reply signedOld = await this.SendAsync(this.Staff, EndpointCatalog.Of<SignAupEndpoint>(), aupId, new JsonObject { ["version"] = "1" });
        Reply signed = await this.SendAsync(this.Staff, EndpointCatalog.Of<SignAupEndpoint>(), aupId, new JsonObject());
        Assert.Equal(400, signedOld.Status);
        Assert.True(signed.Status == 201, signed.Text);

        Reply signatures = await this.SendAsync(this.Officer, EndpointCatalog.Of<ListAupSignaturesEndpoint>(), aupId);
        JsonElement signature = Assert.Single(signatures.Body.GetProperty("items").EnumerateArray());
        Assert.Equal(this.Staff.PersonId, signature.GetProperty("signer").GetString());
        Assert.Equal("2", signature.GetProperty("version").GetString());
        Assert.Equal("self", signature.GetProperty("signedBy").GetString());
        Assert.Equal(Now, signature.GetProperty("signedAt").GetDateTimeOffset());

        IReadOnlyList<AuditEvent> trail = await this.AuditAsync();
        Assert.Contains(trail, e => e.Action == AuditActions.Create && e.Subject == aupId && e.ActorPersonId == this.Officer.PersonId && e.Detail == "kind=aup");
        Assert.Contains(trail, e => e.Action == AuditActions.Change && e.Subject == aupId && e.ActorPersonId == this.Officer.PersonId);
        Assert.Contains(trail, e => e.Action == AuditActions.Create && e.Subject == aupId && e.ActorPersonId == this.Staff.PersonId && e.Detail == "signature version=2 by=self");
        Assert.Contains(trail, e => e.Action == AuditActions.List && e.Subject == aupId && e.Detail == "signatures");
        Assert.True((await this.audit.VerifyAsync(this.agencyId, CancellationToken.None)).Intact);
    }

    [Fact]
    public async Task A_carer_signing_for_a_child_is_recorded_with_the_carer_name()
    {
        JsonObject childrens = new()
        {
            ["kind"] = "aup", ["title"] = "Key stage 2 AUP",
            ["aup"] = new JsonObject { ["audience"] = "children", ["ageGroup"] = "7-11", ["version"] = "3", ["technologiesCovered"] = new JsonArray("Tablets"), ["statesSanctions"] = true, ["statesMonitoring"] = false },
        };
        string aupId = (await this.SendAsync(this.Officer, EndpointCatalog.Of<CreateRegisterItemEndpoint>(), body: childrens)).Body.GetProperty("item").GetProperty("itemId").GetString()!;

        Reply missingCarer = await this.SendAsync(this.Officer, EndpointCatalog.Of<SignAupEndpoint>(), aupId, new JsonObject { ["signer"] = "Pupil A", ["signedBy"] = "carer" });
        Reply signed = await this.SendAsync(this.Officer, EndpointCatalog.Of<SignAupEndpoint>(), aupId, new JsonObject { ["signer"] = "Pupil A", ["signedBy"] = "carer", ["carerName"] = "Parent of A" });
        Reply staffSigning = await this.SendAsync(this.Staff, EndpointCatalog.Of<SignAupEndpoint>(), aupId, new JsonObject());

        Assert.Equal(400, missingCarer.Status);
        Assert.True(missingCarer.Body.GetProperty("errors").TryGetProperty("carerName", out _));
        Assert.Equal(201, signed.Status);
        Assert.Equal("Parent of A", signed.Body.GetProperty("carerName").GetString());
        Assert.Equal(403, staffSigning.Status);
    }

    [Fact]
    public async Task Registers_are_private_to_their_agency_and_bad_input_gets_field_errors_not_a_500()
    {
        string aupId = (await this.SendAsync(this.Officer, EndpointCatalog.Of<CreateRegisterItemEndpoint>(), body: StaffAup("1"))).Body.GetProperty("item").GetProperty("itemId").GetString()!;

        Assert.Equal(403, (await this.SendAsync(this.OtherOfficer, EndpointCatalog.Of<GetRegisterItemEndpoint>(), aupId)).Status);
        Assert.Equal(403, (await this.SendAsync(this.Admin, EndpointCatalog.Of<ListRegisterItemsEndpoint>())).Status);
        Assert.Equal(403, (await this.SendAsync(this.Staff, EndpointCatalog.Of<CreateRegisterItemEndpoint>(), body: StaffAup("1"))).Status);
        Assert.Equal(404, (await this.SendAsync(this.Officer, EndpointCatalog.Of<GetRegisterItemEndpoint>(), "aup-doesnotexist")).Status);
        Assert.Equal(404, (await this.SendAsync(this.Officer, EndpointCatalog.Of<GetRegisterItemEndpoint>(), "../../x")).Status);

        Reply unknownField = await this.SendAsync(this.Officer, EndpointCatalog.Of<CreateRegisterItemEndpoint>(), body: new JsonObject { ["kind"] = "aup", ["colour"] = "red" });
        Reply wrongKind = await this.SendAsync(this.Officer, EndpointCatalog.Of<CreateRegisterItemEndpoint>(), body: new JsonObject { ["kind"] = "spaceship", ["title"] = "x" });
        Reply missingDetails = await this.SendAsync(this.Officer, EndpointCatalog.Of<CreateRegisterItemEndpoint>(), body: new JsonObject { ["kind"] = "technology", ["title"] = "Tablets" });
        Reply futureReview = await this.SendAsync(this.Officer, EndpointCatalog.Of<UpdateRegisterItemEndpoint>(), aupId, StaffAup("1").Also(o => o["lastReviewed"] = "2030-01-01"));
        Reply nullAction = await this.SendAsync(this.Officer, EndpointCatalog.Of<CompleteRegisterReviewEndpoint>(), aupId, new JsonObject { ["actions"] = new JsonArray((JsonNode?)null), ["stakeholdersConsulted"] = new JsonArray("staff") });

        Assert.True(unknownField.Status == 400, unknownField.Text);
        Assert.True(wrongKind.Status == 400, wrongKind.Text);
        Assert.True(missingDetails.Body.GetProperty("errors").TryGetProperty("technology", out _), missingDetails.Text);
        Assert.True(futureReview.Body.GetProperty("errors").TryGetProperty("lastReviewed", out _), futureReview.Text);
        Assert.True(nullAction.Status == 400, nullAction.Text);
    }

    [Fact]
    public async Task A_new_technology_children_use_flags_every_AUP_for_review_and_opens_a_risk_assessment_task()
    {
        string aupId = (await this.SendAsync(this.Officer, EndpointCatalog.Of<CreateRegisterItemEndpoint>(), body: StaffAup("1"))).Body.GetProperty("item").GetProperty("itemId").GetString()!;

        Reply technology = await this.SendAsync(this.Officer, EndpointCatalog.Of<CreateRegisterItemEndpoint>(),
            body: new JsonObject { ["kind"] = "technology", ["title"] = "Class tablets", ["technology"] = new JsonObject { ["childrenCanAccess"] = true } });

        Assert.Equal(201, technology.Status);
        string techId = technology.Body.GetProperty("item").GetProperty("itemId").GetString()!;
        RegisterItem aup = (await this.registers.FindAsync(this.agencyId, aupId, CancellationToken.None))!;
        Assert.Equal("New technology: Class tablets", aup.Aup!.FlaggedForReview);
        Assert.Equal(DateOnly.FromDateTime(Now.UtcDateTime), aup.NextReviewDue);
        WorkTask task = (await this.tasks.FindAsync(this.agencyId, "ra-" + techId, CancellationToken.None))!;
        Assert.Equal(Role.EsafetyOfficer, task.AssigneeRole);
        Assert.Equal(Now.AddDays(30), task.DueAt);
    }

    /// <summary>
    /// A PUT reads the item, validates, then writes. Whatever is recorded in between (here by the store wrapper, the
    /// moment after the PUT's read) must survive the PUT: a review's dates and cleared flag, or a new technology's flag.
    /// </summary>
    [Theory]
    [InlineData("review")]
    [InlineData("flag")]
    public async Task A_PUT_at_the_same_moment_as_a_review_or_a_flag_keeps_what_they_recorded(string meanwhile)
    {
        string aupId = (await this.SendAsync(this.Officer, EndpointCatalog.Of<CreateRegisterItemEndpoint>(), body: StaffAup("1"))).Body.GetProperty("item").GetProperty("itemId").GetString()!;
        DateOnly today = DateOnly.FromDateTime(Now.UtcDateTime);
        if (meanwhile == "review")
        {
            await this.registers.UpdateAsync(this.agencyId, aupId, i => ReviewCycle.FlagAupForNewTechnology(i, "Class tablets", today), CancellationToken.None);
        }

        Func<RegisterItem, RegisterItem> concurrent = meanwhile == "review"
            ? i => Workflows.Reviews.ReviewRules.Complete(i, new Workflows.Reviews.ReviewDraft(["Tablets not covered"], [], ["Staff"], null), "rev-meanwhile", this.Officer.PersonId, today, Now)
            : i => ReviewCycle.FlagAupForNewTechnology(i, "Class tablets", today);
        UpdateRegisterItem update = new(
            new ChangedAfterRead(this.registers, concurrent), this.directory, this.services.GetRequiredService<AuditRecorder>(), this.clock);

        Outcome<RegisterItem> saved = await update.ExecuteAsync(new Actor(this.Officer), this.agencyId, aupId, new RegisterItemDraft(
            null, "Staff acceptable use policy", null, null, null, new AupDraft(AupAudience.Staff, null, "2", ["Laptops", "Email", "Tablets"], true, true), null, null, null, null), CancellationToken.None);

        RegisterItem stored = (await this.registers.FindAsync(this.agencyId, aupId, CancellationToken.None))!;
        Assert.Null(saved.Failure);
        Assert.Equal("2", stored.Aup!.Version);
        List<DueEntry> dueToday = [];
        await foreach (DueEntry entry in this.registers.ListDueAsync(today, CancellationToken.None))
        {
            if (entry.ItemId == aupId)
            {
                dueToday.Add(entry);
            }
        }

        if (meanwhile == "review")
        {
            Assert.Equal("rev-meanwhile", Assert.Single(stored.ReviewHistory).ReviewId);
            Assert.Null(stored.Aup.FlaggedForReview);
            Assert.Equal((today, today.AddMonths(12)), (stored.LastReviewed!.Value, stored.NextReviewDue!.Value));
            Assert.Empty(dueToday);
        }
        else
        {
            Assert.Equal("New technology: Class tablets", stored.Aup.FlaggedForReview);
            Assert.Equal(today, stored.NextReviewDue);
            Assert.Single(dueToday);
        }
    }

    /// <summary>The store, with someone else's change landing just after each read of an item (once).</summary>
    sealed class ChangedAfterRead(IRegisterStore inner, Func<RegisterItem, RegisterItem> meanwhile) : IRegisterStore
    {
        bool done;

        public async Task<RegisterItem?> FindAsync(string agencyId, string itemId, CancellationToken cancellationToken)
        {
            RegisterItem? found = await inner.FindAsync(agencyId, itemId, cancellationToken);
            if (!this.done)
            {
                this.done = true;
                await inner.UpdateAsync(agencyId, itemId, meanwhile, cancellationToken);
            }

            return found;
        }

        public Task<IReadOnlyList<RegisterItem>> ListAsync(string agencyId, CancellationToken cancellationToken) => inner.ListAsync(agencyId, cancellationToken);

        public Task CreateAsync(RegisterItem item, CancellationToken cancellationToken) => inner.CreateAsync(item, cancellationToken);

        public Task ImportAsync(IReadOnlyList<RegisterItem> items, CancellationToken cancellationToken) => inner.ImportAsync(items, cancellationToken);

        public Task<RegisterItem?> UpdateAsync(string agencyId, string itemId, Func<RegisterItem, RegisterItem> change, CancellationToken cancellationToken) =>
            inner.UpdateAsync(agencyId, itemId, change, cancellationToken);

        public Task AddSignatureAsync(AupSignature signature, CancellationToken cancellationToken) => inner.AddSignatureAsync(signature, cancellationToken);

        public Task<IReadOnlyList<AupSignature>> ListSignaturesAsync(string agencyId, string aupId, CancellationToken cancellationToken) =>
            inner.ListSignaturesAsync(agencyId, aupId, cancellationToken);

        public IAsyncEnumerable<DueEntry> ListDueAsync(DateOnly through, CancellationToken cancellationToken) => inner.ListDueAsync(through, cancellationToken);
    }

    [Fact]
    public async Task The_board_compliance_CSV_neutralises_formulas_and_is_for_board_admins_only()
    {
        await this.directory.SaveAgencyAsync(new Agency(this.agencyId, "=HYPERLINK(\"http://evil.example\")", AgencyKind.School, "x@" + this.agencyId + ".example"), CancellationToken.None);

        Reply csv = await this.SendAsync(this.Admin, EndpointCatalog.Of<ExportBoardComplianceEndpoint>());
        Reply denied = await this.SendAsync(this.Officer, EndpointCatalog.Of<ExportBoardComplianceEndpoint>());

        Assert.Equal(200, csv.Status);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\"", csv.Text, StringComparison.Ordinal);
        Assert.Contains("\"" + this.agencyId + "\",", csv.Text, StringComparison.Ordinal);
        Assert.Contains("\"OfficerAppointed\"", csv.Text, StringComparison.Ordinal);
        Assert.Equal(403, denied.Status);
        Assert.Contains(await this.audit.ReadAsync(Agency.BoardId, CancellationToken.None), e => e.Event.Action == AuditActions.Export && e.Event.ActorPersonId == this.Admin.PersonId);
    }
}

static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject value, Action<JsonObject> change)
    {
        change(value);
        return value;
    }
}
