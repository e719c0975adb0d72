using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Pages;
using EsafetyServerless.Http.Pages.Govuk;
using EsafetyServerless.Workflows.Escalation;
using EsafetyServerless.Workflows.Platform;
using Microsoft.AspNetCore.Http;
using EsafetyServerless.Workflows.Incidents;

namespace EsafetyServerless.Http.Escalation;

/// <summary><c>GET /api/escalation-channels</c> (board admin): how each target is reached — a secure mailbox, or by hand.</summary>
[Endpoint("GET", "api/escalation-channels", EscalationPermissions.ChannelKeepers)]
public sealed class ListTargetChannelsEndpoint(ListTargetChannels listChannels) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<IReadOnlyList<TargetChannel>> listed = await listChannels.ExecuteAsync(request.SignedIn, view: null, request.Aborted);
        return ApiResults.From(listed, all => ApiResults.Json(new { channels = all.Select(TargetChannelView.Of) }));
    }
}

/// <summary>
/// <c>PUT /api/escalation-channels/{target}</c> <c>{"channel": "email" | "manual", "address"?, "instructions"?}</c>
/// (board admin). Email needs the target's secure mailbox; manual needs the instructions the officer will follow.
/// </summary>
[Endpoint("PUT", "api/escalation-channels/{target}", EscalationPermissions.ChannelKeepers)]
public sealed class SaveTargetChannelEndpoint(SaveTargetChannel saveChannel) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        JsonFields body = (await JsonBody.ReadObjectAsync(request.Request, 16 * 1024)).RejectUnknown("channel", "address", "instructions");
        TargetChannelDraft draft = new(body.Text("channel"), body.Text("address"), body.Text("instructions"));
        if (body.Errors.Any)
        {
            return ApiResults.Problem(Outcome.Invalid(body.Errors));
        }

        Outcome<TargetChannel> saved = await saveChannel.ExecuteAsync(request.SignedIn, request.RouteValue("target"), draft, request.Aborted);
        return ApiResults.From(saved, channel => ApiResults.Json(TargetChannelView.Of(channel)));
    }
}

/// <summary>A target's channel as the API shows it.</summary>
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
[Endpoint("GET", "escalation-channels", EscalationPermissions.ChannelKeepers)]
public sealed class TargetChannelsPageEndpoint(ListTargetChannels listChannels, PageRenderer pages) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<IReadOnlyList<TargetChannel>> listed = await listChannels.ExecuteAsync(request.SignedIn, "page", request.Aborted);
        return listed.Failure is { } failure
            ? await pages.FailureAsync(PageContext.For(request), failure)
            : await pages.RenderAsync<TargetChannelsPage, TargetChannelsModel>(
                PageContext.For(request), new(listed.Value, null, FormState.Empty, Saved: request.Request.Query["saved"].ToString().Length > 0));
    }
}

/// <summary><c>POST /escalation-channels/{target}</c> (form: <c>channel</c>, <c>address</c>, <c>instructions</c>): one target's form on the page.</summary>
[Endpoint("POST", "escalation-channels/{target}", EscalationPermissions.ChannelKeepers)]
public sealed class SaveTargetChannelFormEndpoint(SaveTargetChannel saveChannel, ListTargetChannels listChannels, PageRenderer pages) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string target = request.RouteValue("target");
        IFormCollection form = await FormBody.ReadAsync(request.Request);
        Outcome<TargetChannel> saved = await saveChannel.ExecuteAsync(
            request.SignedIn, target, new TargetChannelDraft(form["channel"].ToString(), form["address"].ToString(), form["instructions"].ToString()), request.Aborted);
        if (saved.Failure is { Kind: FailureKind.Invalid, Errors: { } errors })
        {
            Outcome<IReadOnlyList<TargetChannel>> listed = await listChannels.ExecuteAsync(request.SignedIn, "page", request.Aborted);
            if (listed.Failure is null)
            {
                EscalationTarget failed = SaveTargetChannel.ParseTarget(target)!.Value;
                FormState state = FormState.Posted(form, errors, field => TargetChannelsModel.FieldId(failed, field));
                return await pages.RenderAsync<TargetChannelsPage, TargetChannelsModel>(
                    PageContext.For(request), new(listed.Value, failed, state, Saved: false), StatusCodes.Status400BadRequest);
            }
        }

        return saved.Failure is { } failure
            ? await pages.FailureAsync(PageContext.For(request), failure)
            : Results.Redirect("/escalation-channels?saved=1");
    }
}

/// <param name="Failed">The target whose form is shown again with <see cref="Form"/>'s values and errors.</param>
/// <param name="Saved">A form was just saved (the page shows a success banner).</param>
public sealed record TargetChannelsModel(IReadOnlyList<TargetChannel> Channels, EscalationTarget? Failed, FormState Form, bool Saved)
{
    /// <summary>The fields of each target's form are named by the target: <c>lado-address</c>.</summary>
    public static string FieldId(EscalationTarget target, string field) => WireNames.Of(target) + "-" + field;

    public FormState StateOf(EscalationTarget target) => this.Failed == target ? this.Form : FormState.Empty;
}
