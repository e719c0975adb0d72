using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EsafetyServerless.Local.Seed;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Platform.Directory;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace EsafetyServerless.EndToEndTests;

/// <summary>Email intake: SendGrid Inbound Parse posts (parsed and raw), authentication, unknown senders, and the local SMTP listener.</summary>
[Collection(LocalRuntimeCollection.Name)]
public sealed class EmailIntakeTests(LocalRuntimeFixture fixture)
{
    static readonly Person Amy = SampleBoard.InRole(SampleBoard.Northfield, Role.Staff);
    static readonly Person Omar = SampleBoard.InRole(SampleBoard.Northfield, Role.EsafetyOfficer);
    static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n% a tiny document\n%%EOF\n");

    HttpClient Http => fixture.Runtime.Http;

    static MultipartFormDataContent ParsedPost(
        string from, string subject, string text, string to = "esafety@northfield-primary.example", string spf = "pass", string dkim = "{@northfield-primary.example : pass}",
        string? envelopeFrom = null)
    {
        MultipartFormDataContent form = new()
        {
            { new StringContent(from), "from" },
            { new StringContent(to), "to" },
            { new StringContent(subject), "subject" },
            { new StringContent(text), "text" },
            { new StringContent("<p>" + text + "</p>"), "html" },
            { new StringContent("Received: by mx.sendgrid.net\nFrom: " + from), "headers" },
            { new StringContent($"{{\"to\":[\"{to}\"],\"from\":\"{envelopeFrom ?? from}\"}}"), "envelope" },
            { new StringContent(spf), "SPF" },
            { new StringContent(dkim), "dkim" },
            { new StringContent("{\"to\":\"UTF-8\",\"subject\":\"UTF-8\",\"from\":\"UTF-8\",\"text\":\"UTF-8\"}"), "charsets" },
            { new StringContent("1"), "attachments" },
            { new StringContent("{\"attachment1\":{\"filename\":\"notes.pdf\",\"type\":\"application/pdf\"}}"), "attachment-info" },
        };
        ByteArrayContent file = new(Pdf);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        form.Add(file, "attachment1", "notes.pdf");
        return form;
    }

    async Task<JsonElement> PostAsync(HttpContent content, string? key = LocalRuntimeFixture.InboundSecret, HttpStatusCode expected = HttpStatusCode.OK, Action<HttpRequestMessage>? sign = null)
    {
        using HttpRequestMessage request = new(HttpMethod.Post, new Uri("api/inbound/email" + (key is null ? string.Empty : "?key=" + Uri.EscapeDataString(key)), UriKind.Relative)) { Content = content };
        sign?.Invoke(request);
        using HttpResponseMessage response = await this.Http.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {expected}, got {(int)response.StatusCode}: {body}");
        return body.Length > 0 ? JsonDocument.Parse(body).RootElement.Clone() : default;
    }

    async Task<JsonElement> GetAsync(Person person, string path)
    {
        using HttpResponseMessage response = await this.Http.SendAsync(LocalRuntimeProcess.As(person.SignInName, HttpMethod.Get, path));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    async Task<int> CountAsync()
    {
        JsonElement unverified = await this.GetAsync(Omar, "/api/unverified-reports?state=all");
        JsonElement log = await this.GetAsync(Omar, "/api/incidents?pageSize=200");
        return unverified.GetProperty("items").GetArrayLength() + log.GetProperty("items").GetArrayLength();
    }

    [Fact]
    public async Task A_parsed_post_from_a_known_member_creates_an_incident_awaiting_triage_and_an_auto_reply()
    {
        string subject = "Chat messages " + Guid.NewGuid().ToString("N")[..6];

        JsonElement accepted = await this.PostAsync(ParsedPost($"Amy Clarke <{Amy.Email}>", subject, "A pupil showed me threatening messages."));
        string incidentId = accepted.GetProperty("incidentId").GetString()!;
        JsonElement incident = await this.GetAsync(Omar, "/api/incidents/" + incidentId);
        MimeMessage reply = await fixture.Mail.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == Amy.Email) && m.Subject?.Contains(incident.GetProperty("reference").GetString()!, StringComparison.Ordinal) == true, TimeSpan.FromSeconds(20));

        Assert.Equal("awaiting-triage", incident.GetProperty("status").GetString());
        Assert.Equal("email", incident.GetProperty("source").GetString());
        Assert.Equal(Amy.PersonId, incident.GetProperty("reportedBy").GetString());
        Assert.Contains(subject, incident.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("recorded with the reference", reply.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_raw_mode_post_creates_an_incident_and_a_retried_delivery_creates_no_second()
    {
        MimeMessage mime = new();
        mime.From.Add(new MailboxAddress("Amy Clarke", Amy.Email));
        mime.To.Add(MailboxAddress.Parse(SampleBoard.Northfield.IntakeAddress));
        mime.Subject = "Raw " + Guid.NewGuid().ToString("N")[..6];
        BodyBuilder body = new() { TextBody = "Sent in raw mode." };
        body.Attachments.Add("notes.pdf", Pdf, new ContentType("application", "pdf"));
        mime.Body = body.ToMessageBody();
        string raw = mime.ToString();
        static MultipartFormDataContent RawPost(string raw) => new()
        {
            { new StringContent(raw), "email" },
            { new StringContent("pass"), "SPF" },
            { new StringContent("{\"to\":[\"esafety@northfield-primary.example\"],\"from\":\"amy.staff@northfield-primary.example\"}"), "envelope" },
        };

        JsonElement first = await this.PostAsync(RawPost(raw));
        JsonElement retry = await this.PostAsync(RawPost(raw));
        JsonElement incident = await this.GetAsync(Omar, "/api/incidents/" + first.GetProperty("incidentId").GetString());

        Assert.Equal(first.GetProperty("incidentId").GetString(), retry.GetProperty("incidentId").GetString());
        Assert.Contains("Sent in raw mode.", incident.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("awaiting-triage", incident.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_known_address_that_SPF_and_DKIM_did_not_verify_goes_to_the_unverified_queue()
    {
        MultipartFormDataContent form = ParsedPost($"Amy Clarke <{Amy.Email}>", "Spoofed " + Guid.NewGuid().ToString("N")[..6], "Pretending to be Amy.",
            spf: "softfail", dkim: "{@northfield-primary.example : fail}");

        JsonElement result = await this.PostAsync(form);

        Assert.Equal(JsonValueKind.Null, result.TryGetProperty("incidentId", out JsonElement incident) ? incident.ValueKind : JsonValueKind.Null);
        Assert.StartsWith("unv-", result.GetProperty("unverifiedReportId").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_in_a_staff_members_name_whose_SPF_passed_only_for_the_senders_own_domain_is_not_believed()
    {
        // The attack: the attacker's own domain passes SPF for its envelope sender; the From header names Amy.
        MultipartFormDataContent form = ParsedPost($"Amy Clarke <{Amy.Email}>", "Spoofed " + Guid.NewGuid().ToString("N")[..6], "Pretending to be Amy.",
            spf: "pass", dkim: "{@attacker.example : pass}", envelopeFrom: "bounce@attacker.example");

        JsonElement result = await this.PostAsync(form);

        Assert.Equal(JsonValueKind.Null, result.TryGetProperty("incidentId", out JsonElement incident) ? incident.ValueKind : JsonValueKind.Null);
        Assert.StartsWith("unv-", result.GetProperty("unverifiedReportId").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-secret")]
    [InlineData("test-inbound-secreT")]
    public async Task A_post_without_the_secret_or_a_valid_signature_gets_401_and_stores_nothing(string? key)
    {
        int before = await this.CountAsync();

        await this.PostAsync(ParsedPost($"Amy Clarke <{Amy.Email}>", "Forged", "Should not be stored"), key, HttpStatusCode.Unauthorized,
            request =>
            {
                request.Headers.Add("X-Twilio-Email-Event-Webhook-Timestamp", "1700000000");
                request.Headers.Add("X-Twilio-Email-Event-Webhook-Signature", Convert.ToBase64String(new byte[70]));
            });

        Assert.Equal(before, await this.CountAsync());
    }

    [Fact]
    public async Task A_post_signed_with_SendGrids_key_is_accepted_without_the_secret()
    {
        MultipartFormDataContent form = ParsedPost($"Amy Clarke <{Amy.Email}>", "Signed " + Guid.NewGuid().ToString("N")[..6], "Signed delivery.");
        byte[] body = await form.ReadAsByteArrayAsync();
        ByteArrayContent content = new(body);
        content.Headers.ContentType = form.Headers.ContentType;
        string timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        byte[] signature = fixture.SendGridSigningKey.SignData([.. Encoding.UTF8.GetBytes(timestamp), .. body], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

        JsonElement accepted = await this.PostAsync(content, key: null, sign: request =>
        {
            request.Headers.Add("X-Twilio-Email-Event-Webhook-Timestamp", timestamp);
            request.Headers.Add("X-Twilio-Email-Event-Webhook-Signature", Convert.ToBase64String(signature));
        });

        Assert.StartsWith("inc-", accepted.GetProperty("incidentId").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_senders_email_becomes_an_unverified_report_the_officer_accepts_or_dismisses()
    {
        string first = "Worried parent " + Guid.NewGuid().ToString("N")[..6];
        string second = "Spam " + Guid.NewGuid().ToString("N")[..6];
        string firstId = (await this.PostAsync(ParsedPost("A Parent <parent@home.example>", first, "My child was contacted by a stranger online."))).GetProperty("unverifiedReportId").GetString()!;
        string secondId = (await this.PostAsync(ParsedPost("Promo <offers@spam.example>", second, "Buy now"))).GetProperty("unverifiedReportId").GetString()!;

        JsonElement queue = await this.GetAsync(Omar, "/api/unverified-reports");
        Assert.Contains(queue.GetProperty("items").EnumerateArray(), r => r.GetProperty("reportId").GetString() == firstId && r.GetProperty("subject").GetString() == first);
        Assert.All(queue.GetProperty("items").EnumerateArray(), r => Assert.False(r.TryGetProperty("content", out _)));

        using HttpResponseMessage accepted = await this.Http.SendAsync(LocalRuntimeProcess.As(Omar.SignInName, HttpMethod.Post, $"/api/unverified-reports/{firstId}/acceptance"));
        using HttpResponseMessage noReason = await this.Http.SendAsync(LocalRuntimeProcess.As(Omar.SignInName, HttpMethod.Post, $"/api/unverified-reports/{secondId}/dismissal",
            new StringContent("{}", Encoding.UTF8, "application/json")));
        using HttpResponseMessage dismissed = await this.Http.SendAsync(LocalRuntimeProcess.As(Omar.SignInName, HttpMethod.Post, $"/api/unverified-reports/{secondId}/dismissal",
            new StringContent("{\"reason\":\"Marketing email, not a safeguarding concern\"}", Encoding.UTF8, "application/json")));
        using HttpResponseMessage staffTries = await this.Http.SendAsync(LocalRuntimeProcess.As(Amy.SignInName, HttpMethod.Get, "/api/unverified-reports"));

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        string incidentId = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement.GetProperty("incidentId").GetString()!;
        JsonElement incident = await this.GetAsync(Omar, "/api/incidents/" + incidentId);
        Assert.Equal("awaiting-triage", incident.GetProperty("status").GetString());
        Assert.Contains("stranger online", incident.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.OK, dismissed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, staffTries.StatusCode);
        JsonElement after = await this.GetAsync(Omar, "/api/unverified-reports");
        Assert.DoesNotContain(after.GetProperty("items").EnumerateArray(), r => r.GetProperty("reportId").GetString() is { } id && (id == firstId || id == secondId));
    }

    [Fact]
    public async Task An_email_sent_over_SMTP_to_the_local_listener_creates_an_incident()
    {
        string subject = "By SMTP " + Guid.NewGuid().ToString("N")[..6];
        MimeMessage mime = new();
        mime.From.Add(new MailboxAddress("Amy Clarke", Amy.Email));
        mime.To.Add(MailboxAddress.Parse(SampleBoard.Northfield.IntakeAddress));
        mime.Subject = subject;
        mime.Body = new TextPart("plain") { Text = "Reported from my mail client." };

        using (SmtpClient smtp = new())
        {
            await smtp.ConnectAsync("127.0.0.1", fixture.SmtpIntakePort, SecureSocketOptions.None);
            await smtp.SendAsync(mime);
            await smtp.DisconnectAsync(quit: true);
        }

        JsonElement? found = null;
        for (int attempt = 0; attempt < 50 && found is null; attempt++)
        {
            JsonElement log = await this.GetAsync(Omar, "/api/incidents?pageSize=200");
            found = log.GetProperty("items").EnumerateArray().Cast<JsonElement?>()
                .FirstOrDefault(i => i!.Value.GetProperty("description").GetString()!.Contains(subject, StringComparison.Ordinal));
            await Task.Delay(found is null ? 200 : 0);
        }

        Assert.NotNull(found);
        Assert.Equal("email", found.Value.GetProperty("source").GetString());
        Assert.Equal(Amy.PersonId, found.Value.GetProperty("reportedBy").GetString());
    }
}
