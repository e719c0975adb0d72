using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EsafetyServerless.Local.Seed;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Links;

namespace EsafetyServerless.EndToEndTests;

/// <summary>
/// A scripted evidence case through the API, as the people involved would run it: automatic legal hold, files, a held
/// item, a two-person review, a download, a disclosure to the police through a one-time link; then the custody log
/// holds every access. And the retention purge, blocked by a hold until the senior manager releases it.
/// </summary>
[Collection(LocalRuntimeCollection.Name)]
public sealed class EvidenceCustodyScenarioTests(LocalRuntimeFixture fixture)
{
    static readonly Person Amy = SampleBoard.InRole(SampleBoard.Northfield, Role.Staff);
    static readonly Person Omar = SampleBoard.InRole(SampleBoard.Northfield, Role.EsafetyOfficer);
    static readonly Person Sarah = SampleBoard.InRole(SampleBoard.Northfield, Role.SeniorManager);
    static readonly Person Tom = SampleBoard.InRole(SampleBoard.Northfield, Role.Technician);
    static readonly Person Lee = SampleBoard.InRole(SampleBoard.Riverside, Role.Technician);
    static readonly Person Mark = SampleBoard.InRole(SampleBoard.Riverside, Role.SeniorManager);
    static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    static readonly byte[] ChatLog = Encoding.UTF8.GetBytes("14:01 unknown: where do you live?\n14:02 pupil: not telling\n");

    HttpClient Http => fixture.Runtime.Http;

    async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(Person? person, HttpMethod method, string path, object? json = null)
    {
        using HttpResponseMessage response = await this.Http.SendAsync(LocalRuntimeProcess.As(person?.SignInName, method, path,
            json is null ? null : new StringContent(JsonSerializer.Serialize(json), Encoding.UTF8, "application/json")));
        string text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    async Task<string> ReportAsync(Action<JsonObject> adjust)
    {
        JsonObject report = IncidentApiTests.ValidReport();
        adjust(report);
        (HttpStatusCode status, JsonElement body) = await this.SendAsync(Amy, HttpMethod.Post, "/api/incidents", report);
        Assert.Equal(HttpStatusCode.Accepted, status);
        return body.GetProperty("incidentId").GetString()!;
    }

    /// <summary>The response workflow records the plan, then the hold and the retention date; wait for the last.</summary>
    async Task<JsonElement> WaitForRetentionDateAsync(string incidentId)
    {
        for (int attempt = 0; attempt < 150; attempt++)
        {
            (_, JsonElement evidence) = await this.SendAsync(Omar, HttpMethod.Get, $"/api/incidents/{incidentId}/evidence");
            if (evidence.TryGetProperty("retention", out JsonElement retention) && retention.ValueKind == JsonValueKind.Object)
            {
                return evidence;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The response workflow did not record the retention date.");
    }

    /// <summary>The package is built by a durable workflow after the approval: its link is 202 until ready, then 200.</summary>
    async Task<JsonElement> WaitForDownloadLinkAsync(string path)
    {
        for (int attempt = 0; attempt < 150; attempt++)
        {
            (HttpStatusCode status, JsonElement body) = await this.SendAsync(Sarah, HttpMethod.Get, path);
            if (status == HttpStatusCode.OK)
            {
                return body;
            }

            Assert.Equal(HttpStatusCode.Accepted, status);
            await Task.Delay(200);
        }

        throw new TimeoutException("The disclosure package was never built.");
    }

    async Task<JsonElement> UploadAsync(Person person, string incidentId, byte[] content, string fileName)
    {
        ByteArrayContent body = new(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using HttpResponseMessage response = await this.Http.SendAsync(LocalRuntimeProcess.As(person.SignInName, HttpMethod.Post,
            $"/api/incidents/{incidentId}/evidence/files?title={Uri.EscapeDataString(fileName)}&fileName={Uri.EscapeDataString(fileName)}", body));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    async Task<(HttpStatusCode Status, byte[] Body)> GetBytesAsync(Person? person, string path)
    {
        using HttpResponseMessage response = await this.Http.SendAsync(LocalRuntimeProcess.As(person?.SignInName, HttpMethod.Get, path));
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }

    static object Review(Person first, Person second) => new
    {
        firstReviewer = first.PersonId, secondReviewer = second.PersonId, reviewedAt = "2026-11-21T10:00:00Z", machine = "Office PC in the head's room (not used by pupils)",
        deviceOrSite = "The class chat app, pupil's account", whatWasReviewed = "The messages of 20 November", why = "To see whether the messages were threatening", conclusion = "Unkind messages, nothing illegal",
    };

    [Fact]
    public async Task Every_access_to_the_evidence_is_in_the_custody_log_and_the_police_download_the_package_once()
    {
        string id = await this.ReportAsync(r => r["concerns"]!["childAtRiskOfSignificantHarm"] = true);
        JsonElement evidence = await this.WaitForRetentionDateAsync(id);
        Assert.True(evidence.GetProperty("hold").GetProperty("automatic").GetBoolean());

        JsonElement screenshot = await this.UploadAsync(Tom, id, Png, "screenshot.png");
        JsonElement log = await this.UploadAsync(Tom, id, ChatLog, "chat.log");
        (HttpStatusCode held, _) = await this.SendAsync(Tom, HttpMethod.Post, $"/api/incidents/{id}/evidence/items",
            new { title = "Pupil's tablet", location = "Sealed bag in the head's safe", securedBy = "Tom Bailey", securedAt = "2026-11-20T16:00:00Z", sealNumber = "SB-0099" });
        (HttpStatusCode reviewed, _) = await this.SendAsync(Tom, HttpMethod.Post, $"/api/incidents/{id}/evidence/reviews", Review(Tom, Omar));
        (HttpStatusCode samePerson, JsonElement samePersonProblem) = await this.SendAsync(Tom, HttpMethod.Post, $"/api/incidents/{id}/evidence/reviews", Review(Tom, Tom));
        string screenshotId = screenshot.GetProperty("evidenceId").GetString()!;
        (HttpStatusCode noReason, _) = await this.GetBytesAsync(Tom, $"/api/incidents/{id}/evidence/{screenshotId}/content");
        (HttpStatusCode downloaded, byte[] bytes) = await this.GetBytesAsync(Tom, $"/api/incidents/{id}/evidence/{screenshotId}/content?reason=Check%20it%20before%20the%20strategy%20meeting");

        (_, JsonElement request) = await this.SendAsync(Tom, HttpMethod.Post, $"/api/incidents/{id}/evidence/disclosures",
            new { requestingBody = "police", requesterName = "DC Jane Smith", requesterOrganisation = "Greater Manchester Police", requesterReference = "CR/123456/26", requested = "All screenshots and logs" });
        string requestId = request.GetProperty("requestId").GetString()!;
        string decision = $"/api/incidents/{id}/evidence/disclosures/{requestId}/decision";
        (HttpStatusCode officerDecides, _) = await this.SendAsync(Omar, HttpMethod.Post, decision, new { decision = "approve", reason = "Lawful request" });
        (HttpStatusCode otherAgencyDecides, _) = await this.SendAsync(Mark, HttpMethod.Post, decision, new { decision = "approve", reason = "Lawful request" });
        (HttpStatusCode approved, JsonElement approval) = await this.SendAsync(Sarah, HttpMethod.Post, decision, new { decision = "approve", reason = "Lawful request under a crime investigation" });
        (HttpStatusCode decidedTwice, _) = await this.SendAsync(Sarah, HttpMethod.Post, decision, new { decision = "refuse", reason = "Changed my mind" });
        (HttpStatusCode officerGetsLink, _) = await this.SendAsync(Omar, HttpMethod.Get, approval.GetProperty("links").GetProperty("downloadLink").GetString()!);
        JsonElement ready = await this.WaitForDownloadLinkAsync(approval.GetProperty("links").GetProperty("downloadLink").GetString()!);
        string link = ready.GetProperty("downloadPath").GetString()!;
        string token = Uri.UnescapeDataString(link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
        string tampered = "/api/disclosure-packages?token=" + Uri.EscapeDataString(token[..^2] + (token[^2] == 'A' ? "BA" : "AA"));
        string expired = "/api/disclosure-packages?token=" + Uri.EscapeDataString(new SignedLinks(new LinkSigningOptions { SigningKey = LocalRuntimeFixture.LinkSigningKey })
            .Sign("disclosure", id + "~" + requestId, DateTimeOffset.UtcNow.AddMinutes(-1)));

        (HttpStatusCode tamperedStatus, _) = await this.GetBytesAsync(null, tampered);
        (HttpStatusCode expiredStatus, _) = await this.GetBytesAsync(null, expired);
        (HttpStatusCode firstDownload, byte[] package) = await this.GetBytesAsync(null, link);
        (HttpStatusCode secondDownload, _) = await this.GetBytesAsync(null, link);
        (_, JsonElement verification) = await this.SendAsync(Omar, HttpMethod.Post, $"/api/incidents/{id}/evidence/verify");
        (_, JsonElement custody) = await this.SendAsync(Omar, HttpMethod.Get, $"/api/incidents/{id}/evidence/custody");

        Assert.Equal(HttpStatusCode.Created, held);
        Assert.Equal(HttpStatusCode.Created, reviewed);
        Assert.Equal(HttpStatusCode.BadRequest, samePerson);
        Assert.True(samePersonProblem.GetProperty("errors").TryGetProperty("secondReviewer", out _));
        Assert.Equal(HttpStatusCode.BadRequest, noReason);
        Assert.Equal(HttpStatusCode.OK, downloaded);
        Assert.Equal(Png, bytes);
        Assert.Equal(HttpStatusCode.Forbidden, officerDecides);
        Assert.Equal(HttpStatusCode.Forbidden, otherAgencyDecides);
        Assert.Equal(HttpStatusCode.Accepted, approved);
        Assert.Equal(HttpStatusCode.Forbidden, officerGetsLink);
        Assert.Equal(HttpStatusCode.Conflict, decidedTwice);
        Assert.Equal(HttpStatusCode.Forbidden, tamperedStatus);
        Assert.Equal(HttpStatusCode.Gone, expiredStatus);
        Assert.Equal(HttpStatusCode.OK, firstDownload);
        Assert.Equal(HttpStatusCode.Gone, secondDownload);
        Assert.True(verification.GetProperty("intact").GetBoolean());

        // The package: every file as uploaded, the manifest listing each with its SHA-256, and the manifest's own hash.
        using ZipArchive zip = new(new MemoryStream(package), ZipArchiveMode.Read);
        byte[] manifestBytes = Read(zip, "manifest.json");
        using JsonDocument manifest = JsonDocument.Parse(manifestBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(manifestBytes)) + "  manifest.json\n", Encoding.ASCII.GetString(Read(zip, "manifest.sha256")));
        Assert.Equal(ready.GetProperty("manifestSha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(manifestBytes)));
        Dictionary<string, JsonElement> listed = manifest.RootElement.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("evidenceId").GetString()!);
        Assert.Equal(3, listed.Count);
        foreach ((JsonElement uploaded, byte[] original) in new[] { (screenshot, Png), (log, ChatLog) })
        {
            JsonElement item = listed[uploaded.GetProperty("evidenceId").GetString()!];
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(original)), item.GetProperty("sha256").GetString());
            Assert.Equal(original, Read(zip, item.GetProperty("path").GetString()!));
        }

        Assert.Equal("CR/123456/26", manifest.RootElement.GetProperty("requesterReference").GetString());
        Assert.Contains("upload", Encoding.UTF8.GetString(Read(zip, "custody.json")), StringComparison.Ordinal);

        // The chain of custody: who did what, in which role, why, from where.
        List<JsonElement> entries = custody.GetProperty("items").EnumerateArray().ToList();
        List<string> whats = entries.Select(e => e.GetProperty("what").GetString()!).ToList();
        Assert.Equal(
            ["hold", "upload", "upload", "secure", "seal", "review", "download", "disclosure-requested", "disclosure-approved", "disclosure-packaged", "transfer-refused", "transfer", "transfer-refused", "verify"],
            whats.Where(w => w != "view").ToList());
        JsonElement hold = entries.Single(e => e.GetProperty("what").GetString() == "hold");
        Assert.Equal("system", hold.GetProperty("who").GetString());
        JsonElement download = entries.Single(e => e.GetProperty("what").GetString() == "download");
        Assert.Equal((Tom.PersonId, "Technician", "reason=Check it before the strategy meeting"), (download.GetProperty("who").GetString(), download.GetProperty("role").GetString(), download.GetProperty("why").GetString()));
        JsonElement transfer = entries.Single(e => e.GetProperty("what").GetString() == "transfer");
        Assert.Equal(("disclosure-link", "ExternalRequester", "127.0.0.1"), (transfer.GetProperty("who").GetString(), transfer.GetProperty("role").GetString(), transfer.GetProperty("from").GetString()));
        Assert.Contains("CR/123456/26", transfer.GetProperty("why").GetString(), StringComparison.Ordinal);
        Assert.All(entries.Where(e => e.GetProperty("who").GetString() != "system"), e => Assert.False(string.IsNullOrEmpty(e.GetProperty("from").GetString())));
        Assert.All(entries.Where(e => e.GetProperty("what").GetString() == "view"), e => Assert.Equal(Omar.PersonId, e.GetProperty("who").GetString()));
    }

    [Fact]
    public async Task A_technician_of_another_agency_gets_403_on_every_evidence_operation()
    {
        string id = await this.ReportAsync(_ => { });
        JsonElement file = await this.UploadAsync(Tom, id, Png, "screenshot.png");
        string fileId = file.GetProperty("evidenceId").GetString()!;

        (HttpStatusCode download, _) = await this.GetBytesAsync(Lee, $"/api/incidents/{id}/evidence/{fileId}/content?reason=curious");
        (HttpStatusCode review, _) = await this.SendAsync(Lee, HttpMethod.Post, $"/api/incidents/{id}/evidence/reviews", Review(Lee, Lee));
        (HttpStatusCode disclosure, _) = await this.SendAsync(Lee, HttpMethod.Post, $"/api/incidents/{id}/evidence/disclosures",
            new { requestingBody = "police", requesterName = "x", requesterReference = "y", requested = "z" });
        (HttpStatusCode disclosures, _) = await this.SendAsync(Lee, HttpMethod.Get, $"/api/incidents/{id}/evidence/disclosures");
        (HttpStatusCode verify, _) = await this.SendAsync(Lee, HttpMethod.Post, $"/api/incidents/{id}/evidence/verify");
        (HttpStatusCode custody, _) = await this.SendAsync(Lee, HttpMethod.Get, $"/api/incidents/{id}/evidence/custody");
        (HttpStatusCode page, _) = await this.GetBytesAsync(Lee, $"/incidents/{id}/evidence");

        Assert.All([download, review, disclosure, disclosures, verify, custody, page], s => Assert.Equal(HttpStatusCode.Forbidden, s));
    }

    [Fact]
    public async Task Only_the_senior_manager_releases_a_hold_with_a_reason_and_a_held_incident_cannot_be_purged()
    {
        // Long ago: a child born in 1990, so the record's retention review (date of birth + 25 years) is already due.
        string id = await this.ReportAsync(r =>
        {
            r["occurredAt"] = "2003-06-01T10:00:00Z";
            r["peopleInvolved"]![0]!["dateOfBirth"] = "1990-01-01";
        });
        await this.WaitForRetentionDateAsync(id);
        await this.UploadAsync(Tom, id, ChatLog, "chat.log");
        (_, JsonElement reference) = await this.SendAsync(Omar, HttpMethod.Get, $"/api/incidents/{id}");
        string incidentReference = reference.GetProperty("reference").GetString()!;
        object purge = new { reason = "Reviewed: nothing requires keeping it", confirmReference = incidentReference };

        (HttpStatusCode placed, _) = await this.SendAsync(Omar, HttpMethod.Post, $"/api/incidents/{id}/evidence/hold", new { reason = "Civil claim expected" });
        (_, JsonElement due) = await this.SendAsync(Omar, HttpMethod.Get, "/api/retention/due");
        (HttpStatusCode purgeWhileHeld, JsonElement heldProblem) = await this.SendAsync(Omar, HttpMethod.Post, $"/api/incidents/{id}/retention/purge", purge);
        (HttpStatusCode technicianPurges, _) = await this.SendAsync(Tom, HttpMethod.Post, $"/api/incidents/{id}/retention/purge", purge);
        (HttpStatusCode officerReleases, _) = await this.SendAsync(Omar, HttpMethod.Post, $"/api/incidents/{id}/evidence/hold/release", new { reason = "Claim dropped" });
        (HttpStatusCode otherAgencyReleases, _) = await this.SendAsync(Mark, HttpMethod.Post, $"/api/incidents/{id}/evidence/hold/release", new { reason = "Claim dropped" });
        (HttpStatusCode releaseWithoutReason, _) = await this.SendAsync(Sarah, HttpMethod.Post, $"/api/incidents/{id}/evidence/hold/release", new { });
        (HttpStatusCode released, _) = await this.SendAsync(Sarah, HttpMethod.Post, $"/api/incidents/{id}/evidence/hold/release", new { reason = "Claim dropped" });
        (HttpStatusCode releasedTwice, _) = await this.SendAsync(Sarah, HttpMethod.Post, $"/api/incidents/{id}/evidence/hold/release", new { reason = "Again" });
        (_, JsonElement custodyBeforePurge) = await this.SendAsync(Tom, HttpMethod.Get, $"/api/incidents/{id}/evidence/custody");
        (HttpStatusCode wrongConfirmation, _) = await this.SendAsync(Omar, HttpMethod.Post, $"/api/incidents/{id}/retention/purge", new { reason = "Reviewed", confirmReference = "NP-1999-0001" });
        (HttpStatusCode purged, JsonElement result) = await this.SendAsync(Omar, HttpMethod.Post, $"/api/incidents/{id}/retention/purge", purge);
        (HttpStatusCode afterPurge, _) = await this.SendAsync(Omar, HttpMethod.Get, $"/api/incidents/{id}");

        Assert.Equal(HttpStatusCode.Created, placed);
        Assert.Contains(due.GetProperty("items").EnumerateArray(), i => i.GetProperty("incidentId").GetString() == id && i.GetProperty("onLegalHold").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, purgeWhileHeld);
        Assert.Contains("legal hold", heldProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, technicianPurges);
        Assert.Equal(HttpStatusCode.Forbidden, officerReleases);
        Assert.Equal(HttpStatusCode.Forbidden, otherAgencyReleases);
        Assert.Equal(HttpStatusCode.BadRequest, releaseWithoutReason);
        Assert.Equal(HttpStatusCode.OK, released);
        Assert.Equal(HttpStatusCode.Conflict, releasedTwice);
        Assert.Equal(["hold", "purge-refused", "release"],
            custodyBeforePurge.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("what").GetString()).Where(w => w is "hold" or "release" or "purge-refused"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongConfirmation);
        Assert.Equal(HttpStatusCode.OK, purged);
        Assert.Equal(1, result.GetProperty("purged").GetProperty("files").GetInt32());
        Assert.Equal(1, result.GetProperty("purged").GetProperty("workflowHistories").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, afterPurge);
    }

    [Fact]
    public async Task A_device_review_is_refused_where_something_illegal_is_suspected()
    {
        string id = await this.ReportAsync(r =>
        {
            r["concerns"]!["illegalSuspected"] = true;
            r["concerns"]!["illegalKinds"] = new JsonArray("grooming-or-sexual-exploitation");
        });

        (HttpStatusCode status, JsonElement problem) = await this.SendAsync(Tom, HttpMethod.Post, $"/api/incidents/{id}/evidence/reviews", Review(Tom, Omar));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("police", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    static byte[] Read(ZipArchive zip, string path)
    {
        using Stream entry = zip.GetEntry(path)!.Open();
        using MemoryStream copy = new();
        entry.CopyTo(copy);
        return copy.ToArray();
    }
}
