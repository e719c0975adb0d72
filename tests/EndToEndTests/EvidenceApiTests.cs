using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EsafetyServerless.Local.Seed;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.EndToEndTests;

/// <summary>Evidence through the API: write-once files with hashes, held items, refusal for indecent images, custody, access.</summary>
[Collection(LocalRuntimeCollection.Name)]
public sealed class EvidenceApiTests(LocalRuntimeFixture fixture)
{
    static readonly Person Amy = SampleBoard.InRole(SampleBoard.Northfield, Role.Staff);
    static readonly Person Omar = SampleBoard.InRole(SampleBoard.Northfield, Role.EsafetyOfficer);
    static readonly Person Tom = SampleBoard.InRole(SampleBoard.Northfield, Role.Technician);
    static readonly Person Lee = SampleBoard.InRole(SampleBoard.Riverside, Role.Technician);
    static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4, 5, 6, 7, 8];

    HttpClient Http => fixture.Runtime.Http;

    async Task<string> ReportAsync(bool indecentImages)
    {
        JsonObject report = IncidentApiTests.ValidReport();
        if (indecentImages)
        {
            JsonObject concerns = (JsonObject)report["concerns"]!;
            concerns["illegalSuspected"] = true;
            concerns["illegalKinds"] = new JsonArray("indecent-images-of-children");
        }

        using HttpResponseMessage response = await this.Http.SendAsync(LocalRuntimeProcess.As(Amy.SignInName, HttpMethod.Post, "/api/incidents",
            new StringContent(report.ToJsonString(), Encoding.UTF8, "application/json")));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("incidentId").GetString()!;
    }

    async Task<(HttpStatusCode Status, JsonElement Body)> UploadAsync(Person person, string incidentId, byte[] content, string fileName = "screenshot.png")
    {
        ByteArrayContent body = new(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using HttpResponseMessage response = await this.Http.SendAsync(LocalRuntimeProcess.As(person.SignInName, HttpMethod.Post,
            $"/api/incidents/{incidentId}/evidence/files?title=Screenshot%20of%20the%20post&fileName={Uri.EscapeDataString(fileName)}", body));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(Person person, HttpMethod method, string path, string? json = null)
    {
        using HttpResponseMessage response = await this.Http.SendAsync(LocalRuntimeProcess.As(person.SignInName, method, path,
            json is null ? null : new StringContent(json, Encoding.UTF8, "application/json")));
        string text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    const string Device = """{"title":"Year 9 pupil's phone","location":"Sealed bag in the head's safe","securedBy":"Tom Bailey","securedAt":"2026-11-20T15:00:00Z","sealNumber":"SB-0042"}""";

    [Fact]
    public async Task An_indecent_images_incident_refuses_every_file_and_accepts_the_device_as_a_held_item()
    {
        string id = await this.ReportAsync(indecentImages: true);

        (HttpStatusCode upload, JsonElement refusal) = await this.UploadAsync(Tom, id, Png);
        (HttpStatusCode held, JsonElement item) = await this.SendAsync(Tom, HttpMethod.Post, $"/api/incidents/{id}/evidence/items", Device);
        (_, JsonElement register) = await this.SendAsync(Omar, HttpMethod.Get, $"/api/incidents/{id}/evidence");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, upload);
        Assert.Contains("Never upload, copy, view or store such material", refusal.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, held);
        Assert.Equal("SB-0042", item.GetProperty("held").GetProperty("sealNumber").GetString());
        Assert.Equal("held", register.GetProperty("items").EnumerateArray().Single().GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_screenshot_is_stored_with_its_hash_verified_and_every_handling_is_in_the_custody_log()
    {
        string id = await this.ReportAsync(indecentImages: false);

        (HttpStatusCode uploaded, JsonElement item) = await this.UploadAsync(Tom, id, Png);
        (HttpStatusCode executable, _) = await this.UploadAsync(Tom, id, [0x4D, 0x5A, 0x90, 0x00, 0x03], "screenshot.png");
        await this.SendAsync(Tom, HttpMethod.Post, $"/api/incidents/{id}/evidence/items", Device);
        await this.SendAsync(Omar, HttpMethod.Get, $"/api/incidents/{id}/evidence");
        (_, JsonElement verification) = await this.SendAsync(Omar, HttpMethod.Post, $"/api/incidents/{id}/evidence/verify");
        (_, JsonElement custody) = await this.SendAsync(Omar, HttpMethod.Get, $"/api/incidents/{id}/evidence/custody");

        Assert.Equal(HttpStatusCode.Created, uploaded);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Png)), item.GetProperty("file").GetProperty("sha256").GetString());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, executable);
        Assert.True(verification.GetProperty("intact").GetBoolean());
        List<(string What, string Who)> log = custody.GetProperty("items").EnumerateArray()
            .Select(e => (e.GetProperty("what").GetString()!, e.GetProperty("who").GetString()!)).ToList();
        Assert.Equal([("upload", Tom.PersonId), ("secure", Tom.PersonId), ("seal", Tom.PersonId), ("view", Omar.PersonId), ("verify", Omar.PersonId)], log);
        Assert.All(custody.GetProperty("items").EnumerateArray(), e => Assert.Equal(64, e.GetProperty("hash").GetString()!.Length));
    }

    [Fact]
    public async Task A_technician_of_another_agency_and_staff_cannot_touch_the_evidence()
    {
        string id = await this.ReportAsync(indecentImages: false);

        (HttpStatusCode otherAgencyUpload, _) = await this.UploadAsync(Lee, id, Png);
        (HttpStatusCode otherAgencyList, _) = await this.SendAsync(Lee, HttpMethod.Get, $"/api/incidents/{id}/evidence");
        (HttpStatusCode staffList, _) = await this.SendAsync(Amy, HttpMethod.Get, $"/api/incidents/{id}/evidence");

        Assert.Equal(HttpStatusCode.Forbidden, otherAgencyUpload);
        Assert.Equal(HttpStatusCode.Forbidden, otherAgencyList);
        Assert.Equal(HttpStatusCode.Forbidden, staffList);
    }
}
