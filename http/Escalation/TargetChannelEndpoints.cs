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

namespace EsafetyServerless.Http.Escalation;

/// <summary><c>GET /api/escalation-channels</c> (board admin): how each target is reached — a secure mailbox, or by hand.</summary>
public sealed class ListTargetChannelsEndpoint(ITargetChannels channels, AuditRecorder audit) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        IReadOnlyList<TargetChannel> all = await channels.ListAsync(request.Aborted);
        await audit.RecordAsync(request, Agency.BoardId, AuditActions.List, "escalation-channels");
        return Results.Json(new { channels = all.Select(TargetChannelView.Of) }, ApiJson.Options);
    }
}

/// <summary>
/// <c>PUT /api/escalation-channels/{target}</c> <c>{"channel": "email" | "manual", "address"?, "instructions"?}</c>
/// (board admin). Email needs the target's secure mailbox; manual needs the instructions the officer will follow.
/// </summary>
public sealed class SaveTargetChannelEndpoint(ITargetChannels channels, AuditRecorder audit, TimeProvider timeProvider) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        EscalationTarget? target = Enum.GetValues<EscalationTarget>().Cast<EscalationTarget?>().FirstOrDefault(t => WireNames.Of(t!.Value) == request.RouteValue("target"));
        if (target is null)
        {
            return Problems.NotFound("Targets are police, ceop, iwf, lado and first-response.");
        }

        (JsonElement? body, IResult? problem) = await JsonFields.ReadJsonAsync(request);
        if (body is not { } json)
        {
            return problem!;
        }

        FieldErrors errors = new();
        JsonFields.RejectUnknown(json, ["channel", "address", "instructions"], errors);
        string? kind = JsonFields.Text(json, "channel", errors, 16, required: true);
        string? address = JsonFields.Text(json, "address", errors, 254, required: false);
        string? instructions = JsonFields.Text(json, "instructions", errors, 2000, required: false);
        ChannelKind channel = ChannelKind.Manual;
        if (kind is "email")
        {
            channel = ChannelKind.Email;
            if (address is null || !MailAddress.TryCreate(address, out MailAddress? parsed) || parsed.Address != address)
            {
                errors.Add("address", "Enter the target's secure email address, like lado@county.gov.uk");
            }
        }
        else if (kind is not null and not "manual")
        {
            errors.Add("channel", "channel must be email or manual");
        }

        if (errors.Any)
        {
            return Problems.FieldErrors(errors);
        }

        TargetChannel saved = new(target.Value, channel, channel == ChannelKind.Email ? address : null,
            instructions ?? TargetChannel.DefaultInstructions(target.Value), request.SignedIn.Person.PersonId, timeProvider.GetUtcNow());
        await channels.SaveAsync(saved, request.Aborted);
        await audit.RecordAsync(request, Agency.BoardId, AuditActions.Change, "escalation-channel:" + WireNames.Of(target.Value), WireNames.Of(channel));
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
