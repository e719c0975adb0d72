using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EsafetyServerless.Local.Seed;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.Playwright;

namespace EsafetyServerless.EndToEndTests;

/// <summary>
/// Every page, as each role sees it, on a 390-pixel phone: axe-core finds nothing, nothing is wider than the screen
/// (tables scroll in their own region), and no id is used twice. One sweep, so a page added later is one line here.
/// </summary>
[Collection(LocalRuntimeCollection.Name)]
public sealed class NarrowScreenBrowserTests(LocalRuntimeFixture fixture) : IAsyncLifetime
{
    static readonly Person Amy = SampleBoard.InRole(SampleBoard.Northfield, Role.Staff);
    static readonly Person Omar = SampleBoard.InRole(SampleBoard.Northfield, Role.EsafetyOfficer);
    static readonly Person Sarah = SampleBoard.InRole(SampleBoard.Northfield, Role.SeniorManager);
    static readonly Person Tom = SampleBoard.InRole(SampleBoard.Northfield, Role.Technician);
    static readonly string Northfield = SampleBoard.Northfield.AgencyId;
    ChromiumBrowser browser = null!;

    public async Task InitializeAsync() => this.browser = await ChromiumBrowser.LaunchAsync();

    public async Task DisposeAsync() => await this.browser.DisposeAsync();

    [Fact]
    public async Task Every_page_of_every_role_fits_a_390_pixel_screen_and_passes_axe_with_no_duplicate_ids()
    {
        JsonObject report = IncidentApiTests.ValidReport();
        report["concerns"]!["staffInvolved"] = true;
        report["concerns"]!["ladoThreshold"] = new JsonArray("risk-of-harm");
        using HttpResponseMessage created = await fixture.Runtime.Http.SendAsync(LocalRuntimeProcess.As(Amy.SignInName, HttpMethod.Post, "/api/incidents",
            new StringContent(report.ToJsonString(), Encoding.UTF8, "application/json")));
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        string id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("incidentId").GetString()!;

        IPage officer = await this.browser.PageAsync(fixture.Runtime.BaseAddress, Omar);
        await officer.GotoAsync($"/agencies/{Northfield}/registers");
        string item = (await officer.Locator("table a.govuk-link").First.GetAttributeAsync("href"))!;

        (Person? Who, string Path)[] pages =
        [
            (Omar, "/home"), (Omar, "/incidents"), (Omar, "/incidents/" + id), (Omar, $"/incidents/{id}/correct"), (Omar, $"/incidents/{id}/evidence"),
            (Omar, $"/incidents/{id}/print"), (Omar, "/tasks"), (Omar, "/retention"), (Omar, $"/agencies/{Northfield}/registers"), (Omar, item),
            (Omar, item + "/edit"), (Omar, $"/agencies/{Northfield}/add/training"), (Omar, $"/agencies/{Northfield}/compliance"),
            (Amy, "/home"), (Amy, "/report"), (Amy, "/reports"), (Amy, "/incidents/" + id), (Amy, "/incidents"), (Amy, "/incidents/no-such-incident"),
            (Tom, "/tasks"), (Tom, $"/incidents/{id}/evidence"),
            (Sarah, "/home"), (Sarah, $"/incidents/{id}/policy-review"),
            (SampleBoard.BoardAdmin, "/home"), (SampleBoard.BoardAdmin, "/compliance"), (SampleBoard.BoardAdmin, "/escalation-channels"),
            (null, "/.auth/login/aad"),
        ];
        List<string> problems = [];
        Dictionary<string, IPage> signedIn = new(StringComparer.Ordinal);
        foreach ((Person? who, string path) in pages)
        {
            string key = who?.PersonId ?? "anonymous";
            if (!signedIn.TryGetValue(key, out IPage? page))
            {
                page = await this.browser.PageAsync(fixture.Runtime.BaseAddress, who);
                await page.SetViewportSizeAsync(390, 844);
                signedIn[key] = page;
            }

            await page.GotoAsync(path);
            string where = (who?.DisplayName ?? "signed out") + " at " + path;
            if (!await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"))
            {
                problems.Add(where + ": wider than the screen");
            }

            string[] duplicates = await page.EvaluateAsync<string[]>(
                "() => { const seen = new Map(); for (const e of document.querySelectorAll('[id]')) seen.set(e.id, (seen.get(e.id) || 0) + 1); return [...seen].filter(([, n]) => n > 1).map(([id]) => id); }");
            if (duplicates.Length > 0)
            {
                problems.Add(where + ": duplicate ids " + string.Join(", ", duplicates));
            }

            try
            {
                await ChromiumBrowser.AssertNoAxeViolationsAsync(page);
            }
            catch (Xunit.Sdk.XunitException e)
            {
                problems.Add(where + ": " + e.Message);
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
