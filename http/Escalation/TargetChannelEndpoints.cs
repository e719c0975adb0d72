using System.Net.Mail;
using System.Text.Json;
using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Incidents;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Escalation;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Response;
using Microsoft.AspNetCore.Http;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Http.Escalation;

/// <summary><c>GET /api/escalation-channels</c> (board admin): how each target is reached — a secure mailbox, or by hand.</summary>
[Endpoint("GET", "api/escalation-channels", Roles.BoardAdmin)]
public sealed class ListTargetChannelsEndpoint(ITargetChannels channels, AuditRecorder audit) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        IReadOnlyList<TargetChannel> all = await channels.ListAsync(request.Aborted);
        await audit.RecordAsync(request.SignedIn, Agency.BoardId, AuditActions.List, "escalation-channels");
        return Results.Json(new { channels = all.Select(TargetChannelView.Of) }, ApiJson.Options);
    }
}

/// <summary>
/// <c>PUT /api/escalation-channels/{target}</c> <c>{"channel": "email" | "manual", "address"?, "instructions"?}</c>
/// (board admin). Email needs the target's secure mailbox; manual needs the instructions the officer will follow.
/// </summary>
[Endpoint("PUT", "api/escalation-channels/{target}", Roles.BoardAdmin)]
public sealed class SaveTargetChannelEndpoint(ITargetChannels channels, AuditRecorder audit, TimeProvider timeProvider) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        EscalationTarget? target = TargetChannelRules.Parse(request.RouteValue("target"));
        if (target is null)
        {
            return Problems.NotFound("Targets are police, ceop, iwf, lado and first-response.");
        }

        (JsonElement? body, IResult? problem) = await LegacyJsonFields.ReadJsonAsync(request);
        if (body is not { } json)
        {
            return problem!;
        }

        FieldErrors errors = new();
        LegacyJsonFields.RejectUnknown(json, ["channel", "address", "instructions"], errors);
        string? kind = LegacyJsonFields.Text(json, "channel", errors, 16, required: true);
        string? address = LegacyJsonFields.Text(json, "address", errors, 254, required: false);
        string? instructions = LegacyJsonFields.Text(json, "instructions", errors, 2000, required: false);
        TargetChannel? saved = errors.Any ? null : TargetChannelRules.Validate(target.Value, kind, address, instructions, errors, request.SignedIn.Person.PersonId, timeProvider.GetUtcNow());
        if (saved is null)
        {
            return Problems.FieldErrors(errors);
        }

        await channels.SaveAsync(saved, request.Aborted);
        await audit.RecordAsync(request.SignedIn, Agency.BoardId, AuditActions.Change, "escalation-channel:" + WireNames.Of(target.Value), WireNames.Of(saved.Kind));
        return Results.Json(TargetChannelView.Of(saved), ApiJson.Options);
    }
}

public sealed record TargetChannelView(string Target, string Channel, string? Address, string? Instructions, string? UpdatedBy, DateTimeOffset? UpdatedAt)
{
    public static TargetChannelView Of(TargetChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return new(WireNames.Of(channel.Target), WireNames.Of(channel.Kind), channel.Address, channel.Instructions, channel.UpdatedBy, channel.UpdatedAt);
    }
}

/// <summary>
/// <c>GET /escalation-channels</c> (board admin): how each target is reached, with a form per target — a secure
/// mailbox, or by hand with the instructions the e-safety officer will follow.
/// </summary>
[Endpoint("GET", "escalation-channels", Roles.BoardAdmin)]
public sealed class TargetChannelsPageEndpoint(ITargetChannels channels, AuditRecorder audit) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        await audit.RecordAsync(request.SignedIn, Agency.BoardId, AuditActions.List, "escalation-channels", "page");
        return Render(request, await channels.ListAsync(request.Aborted), null, null);
    }

    public static IResult Render(EndpointRequest request, IReadOnlyList<TargetChannel> all, EscalationTarget? failed, FieldErrors? errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(all);
        Pages.Html html = new();
        if (errors is not null && failed is { } target)
        {
            html.Raw(Pages.GovukHtml.ErrorSummary(errors.All.Select(e => (WireNames.Of(target) + "-" + e.Field, e.Message))));
        }

        if (request.Request.Query["saved"].ToString().Length > 0)
        {
            html.Raw(Pages.GovukHtml.SuccessBanner("Saved."));
        }

        html.Raw("<h1 class=\"govuk-heading-xl\">How referrals are made</h1>")
            .Raw("<p class=\"govuk-body\">For each service the board refers incidents to, choose a secure mailbox (the notice is emailed with a link to acknowledge it) or by hand (the e-safety officer gets a task with your instructions).</p>");
        foreach (TargetChannel channel in all)
        {
            string id = WireNames.Of(channel.Target);
            string? Error(string field) => failed == channel.Target ? errors?.All.Where(e => e.Field == field).Select(e => e.Message).FirstOrDefault() : null;
            html.Raw("<h2 class=\"govuk-heading-m\">").Text(char.ToUpperInvariant(TargetNames.Describe(channel.Target)[0]) + TargetNames.Describe(channel.Target)[1..]).Raw("</h2>")
                .Raw("<form method=\"post\" action=\"/escalation-channels/").Text(id).Raw("\" novalidate>")
                .Raw(Pages.GovukHtml.Choices("radio", id + "-channel", "channel", "How is it reached?",
                    [new("email", "By email to a secure mailbox"), new("manual", "By phone or online form (a task for the e-safety officer)")],
                    new HashSet<string> { WireNames.Of(channel.Kind) }, Error("channel"), legendSize: "s"))
                .Raw(Pages.GovukHtml.TextInput(id + "-address", "address", "Secure mailbox (for email)", channel.Address, Error("address"), inputClass: "govuk-!-width-two-thirds", autocomplete: "off"))
                .Raw(Pages.GovukHtml.Textarea(id + "-instructions", "instructions", "Instructions for the e-safety officer (by hand)", channel.Instructions, Error("instructions"), rows: 3))
                .Raw("<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">Save</button></form>");
        }

        return Pages.Layout.Page("How referrals are made", html.ToString(), request.SignedIn, errors is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }
}

/// <summary><c>POST /escalation-channels/{target}</c>: the page's form (board admin).</summary>
[Endpoint("POST", "escalation-channels/{target}", Roles.BoardAdmin)]
public sealed class SaveTargetChannelFormEndpoint(ITargetChannels channels, AuditRecorder audit, TimeProvider timeProvider) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        EscalationTarget? target = TargetChannelRules.Parse(request.RouteValue("target"));
        if (target is null)
        {
            return Pages.LegacyErrorPages.Problem(StatusCodes.Status404NotFound, "There is no such referral target.");
        }

        if (!request.Request.HasFormContentType || request.Request.ContentLength > 16 * 1024)
        {
            return Pages.LegacyErrorPages.Problem(StatusCodes.Status415UnsupportedMediaType, "Use the form on the page.");
        }

        IFormCollection form = await request.Request.ReadFormAsync(request.Aborted);
        FieldErrors errors = new();
        TargetChannel? saved = TargetChannelRules.Validate(target.Value, form["channel"].ToString(), form["address"].ToString().Trim(), form["instructions"].ToString().Trim(),
            errors, request.SignedIn.Person.PersonId, timeProvider.GetUtcNow());
        if (saved is null)
        {
            IReadOnlyList<TargetChannel> all = await channels.ListAsync(request.Aborted);
            return TargetChannelsPageEndpoint.Render(request, all, target, errors);
        }

        await channels.SaveAsync(saved, request.Aborted);
        await audit.RecordAsync(request.SignedIn, Agency.BoardId, AuditActions.Change, "escalation-channel:" + WireNames.Of(target.Value), WireNames.Of(saved.Kind));
        return Results.Redirect("/escalation-channels?saved=1");
    }
}

/// <summary>The rules for a target's channel, for the API and the page alike.</summary>
public static class TargetChannelRules
{
    public static EscalationTarget? Parse(string value) =>
        Enum.GetValues<EscalationTarget>().Cast<EscalationTarget?>().FirstOrDefault(t => WireNames.Of(t!.Value) == value);

    public static TargetChannel? Validate(EscalationTarget target, string? kind, string? address, string? instructions, FieldErrors errors, string by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ChannelKind channel = ChannelKind.Manual;
        string? mailbox = string.IsNullOrEmpty(address) ? null : address;
        string? steps = string.IsNullOrEmpty(instructions) ? null : instructions;
        if (kind == "email")
        {
            channel = ChannelKind.Email;
            if (mailbox is null || mailbox.Length > 254 || !MailAddress.TryCreate(mailbox, out MailAddress? parsed) || parsed.Address != mailbox)
            {
                errors.Add("address", "Enter the target's secure email address, like lado@county.gov.uk");
            }
        }
        else if (kind != "manual")
        {
            errors.Add("channel", "Choose email or by hand");
        }

        if (steps is { Length: > 2000 })
        {
            errors.Add("instructions", "The instructions must be 2000 characters or fewer");
        }

        return errors.Any ? null : new TargetChannel(target, channel, channel == ChannelKind.Email ? mailbox : null, steps ?? TargetChannel.DefaultInstructions(target), by, now);
    }
}
