using System.Net;
using System.Text;
using System.Text.Json;
using EsafetyServerless.Local.Seed;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.Playwright;

namespace EsafetyServerless.EndToEndTests;

/// <summary>The evidence page and the retention page in a real headless Chromium, without JavaScript, checked by axe-core.</summary>
[Collection(LocalRuntimeCollection.Name)]
public sealed class EvidencePageBrowserTests(LocalRuntimeFixture fixture) : IAsyncLifetime
{
    static readonly Person Amy = SampleBoard.InRole(SampleBoard.Northfield, Role.Staff);
    static readonly Person Omar = SampleBoard.InRole(SampleBoard.Northfield, Role.EsafetyOfficer);
    static readonly Person Sarah = SampleBoard.InRole(SampleBoard.Northfield, Role.SeniorManager);
    static readonly Person Tom = SampleBoard.InRole(SampleBoard.Northfield, Role.Technician);
    ChromiumBrowser browser = null!;

    public async Task InitializeAsync() => this.browser = await ChromiumBrowser.LaunchAsync();

    public async Task DisposeAsync() => await this.browser.DisposeAsync();

    Task<IPage> SignedInPageAsync(Person person) => this.browser.PageAsync(fixture.Runtime.BaseAddress, person);

    static Task AssertNoAxeViolationsAsync(IPage page) => ChromiumBrowser.AssertNoAxeViolationsAsync(page);

    [Fact]
    public async Task A_technician_records_a_two_person_review_and_a_request_and_the_senior_manager_approves_it_on_the_page()
    {
        using HttpResponseMessage reported = await fixture.Runtime.Http.SendAsync(LocalRuntimeProcess.As(Amy.SignInName, HttpMethod.Post, "/api/incidents",
            new StringContent(IncidentApiTests.ValidReport().ToJsonString(), Encoding.UTF8, "application/json")));
        Assert.Equal(HttpStatusCode.Accepted, reported.StatusCode);
        string id = JsonDocument.Parse(await reported.Content.ReadAsStringAsync()).RootElement.GetProperty("incidentId").GetString()!;

        IPage tom = await this.SignedInPageAsync(Tom);
        await tom.GotoAsync($"/incidents/{id}/evidence");
        await AssertNoAxeViolationsAsync(tom);
        await tom.Locator("#firstReviewer").SelectOptionAsync(Tom.PersonId);
        await tom.Locator("#secondReviewer").SelectOptionAsync(Omar.PersonId);
        await tom.GetByLabel("When it was reviewed").FillAsync("2026-11-21T10:00");
        await tom.GetByLabel("The computer used for the review").FillAsync("Office PC in the head's room");
        await tom.GetByLabel("The device or website reviewed").FillAsync("The class chat app");
        await tom.GetByLabel("What was reviewed").FillAsync("The messages of 20 November");
        await tom.GetByLabel("Why it was reviewed").FillAsync("To judge whether they were threatening");
        await tom.GetByLabel("Conclusion").FillAsync("Unkind, nothing illegal");
        await tom.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Record the review" }).ClickAsync();
        await Assertions.Expect(tom.GetByText("Review recorded")).ToBeVisibleAsync();
        await Assertions.Expect(tom.GetByText("Office PC in the head's room", new PageGetByTextOptions { Exact = true })).ToBeVisibleAsync();

        await tom.GetByLabel("Police").CheckAsync();
        await tom.GetByLabel("Name and role of the person asking").FillAsync("DC Jane Smith");
        await tom.GetByLabel("Their reference (crime number, LADO reference)").FillAsync("CR/777/26");
        await tom.GetByLabel("What they ask for").FillAsync("The chat log");
        await tom.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Record the request" }).ClickAsync();
        await Assertions.Expect(tom.GetByText("Disclosure request recorded")).ToBeVisibleAsync();
        await AssertNoAxeViolationsAsync(tom);

        IPage sarah = await this.SignedInPageAsync(Sarah);
        await sarah.GotoAsync($"/incidents/{id}/evidence");
        await AssertNoAxeViolationsAsync(sarah);
        Assert.Equal(0, await sarah.GetByText("Record the review").CountAsync());
        await sarah.GetByLabel("Approve the disclosure").CheckAsync();
        await sarah.GetByLabel("Your reasons").FillAsync("Lawful police request");
        await sarah.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Record the decision" }).ClickAsync();
        await Assertions.Expect(sarah.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Disclosure approved" })).ToBeVisibleAsync();
        Assert.Contains("/api/disclosure-packages?token=", await sarah.Locator("code").InnerTextAsync(), StringComparison.Ordinal);
        await AssertNoAxeViolationsAsync(sarah);
    }

    [Fact]
    public async Task The_retention_page_is_accessible_to_the_officer()
    {
        IPage omar = await this.SignedInPageAsync(Omar);
        await omar.GotoAsync("/retention");

        await Assertions.Expect(omar.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Records due for retention review" })).ToBeVisibleAsync();
        await AssertNoAxeViolationsAsync(omar);
    }
}
