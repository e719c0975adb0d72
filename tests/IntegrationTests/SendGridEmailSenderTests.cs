using System.Net;
using System.Text;
using System.Text.Json;
using EsafetyServerless.Adapters.Email;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Notifications;
using SendGrid;

namespace EsafetyServerless.IntegrationTests;

/// <summary>
/// SendGrid cannot run here, so the real <see cref="SendGridClient"/> is pointed at a local HTTP listener and the
/// test asserts on exactly what would go over the wire, and on how each kind of answer is treated.
/// </summary>
public sealed class SendGridEmailSenderTests : IDisposable
{
    readonly HttpListener listener = new();
    readonly string baseUrl;

    public SendGridEmailSenderTests()
    {
        this.baseUrl = $"http://127.0.0.1:{FreePorts.Next()}/";
        this.listener.Prefixes.Add(this.baseUrl);
        this.listener.Start();
    }

    public void Dispose() => this.listener.Close();

    SendGridEmailSender Sender() => new(
        new SendGridClient(new SendGridClientOptions { ApiKey = "SG.test-key", Host = this.baseUrl.TrimEnd('/') }),
        new EmailOptions { From = "esafety@board.example" });

    /// <summary>Answers the next request with the status and returns what was sent.</summary>
    async Task<(string Method, string Path, string? Authorization, string Body)> AnswerNextAsync(HttpStatusCode status)
    {
        HttpListenerContext context = await this.listener.GetContextAsync();
        using StreamReader reader = new(context.Request.InputStream, Encoding.UTF8);
        string body = await reader.ReadToEndAsync();
        context.Response.StatusCode = (int)status;
        context.Response.Close();
        return (context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"], body);
    }

    [Fact]
    public async Task Sends_one_v3_mail_send_request_with_the_key_sender_recipient_subject_and_text()
    {
        Task<(string Method, string Path, string? Authorization, string Body)> received = this.AnswerNextAsync(HttpStatusCode.Accepted);

        await this.Sender().SendAsync(new OutgoingEmail("omar.officer@northfield-primary.example", "New e-safety incident NP-2026-0001", "Open the incident."), CancellationToken.None);
        (string method, string path, string? authorization, string body) = await received;

        Assert.Equal("POST", method);
        Assert.Equal("/v3/mail/send", path);
        Assert.Equal("Bearer SG.test-key", authorization);
        using JsonDocument json = JsonDocument.Parse(body);
        Assert.Equal("esafety@board.example", json.RootElement.GetProperty("from").GetProperty("email").GetString());
        Assert.Equal("omar.officer@northfield-primary.example", json.RootElement.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString());
        // SendGrid's helper puts the subject in the single personalization.
        Assert.Equal("New e-safety incident NP-2026-0001", json.RootElement.GetProperty("personalizations")[0].GetProperty("subject").GetString());
        Assert.Equal("text/plain", json.RootElement.GetProperty("content")[0].GetProperty("type").GetString());
        Assert.Equal("Open the incident.", json.RootElement.GetProperty("content")[0].GetProperty("value").GetString());
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task A_4xx_answer_is_a_permanent_refusal(HttpStatusCode status)
    {
        Task answered = this.AnswerNextAsync(status);

        await Assert.ThrowsAsync<EmailRejectedException>(() =>
            this.Sender().SendAsync(new OutgoingEmail("x@school.example", "s", "t"), CancellationToken.None));
        await answered;
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task Throttling_and_5xx_answers_are_transient_so_the_caller_retries(HttpStatusCode status)
    {
        Task answered = this.AnswerNextAsync(status);

        HttpRequestException error = await Assert.ThrowsAsync<HttpRequestException>(() =>
            this.Sender().SendAsync(new OutgoingEmail("x@school.example", "s", "t"), CancellationToken.None));
        await answered;
        Assert.Equal(status, error.StatusCode);
    }
}
