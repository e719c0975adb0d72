using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Workflows.Escalation;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Incidents;

/// <summary>
/// <c>POST /api/incidents/{incidentId}/escalations/{escalationId}/acknowledgement</c> <c>{"externalReference"}</c>: the
/// e-safety officer (or senior manager) records the reference a phone call or online form gave them. Closes the
/// officer's referral task and stops the workflow chasing.
/// </summary>
[Endpoint("POST", "api/incidents/{incidentId}/escalations/{escalationId}/acknowledgement", EscalationPermissions.ReferenceRecorders)]
public sealed class AcknowledgeEscalationEndpoint(AcknowledgeEscalation acknowledgeEscalation) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        JsonFields body = (await JsonBody.ReadObjectAsync(request.Request, 16 * 1024)).RejectUnknown("externalReference");
        EscalationReferenceDraft draft = new(body.Text("externalReference"));
        if (body.Errors.Any)
        {
            return ApiResults.Problem(Outcome.Invalid(body.Errors));
        }

        Outcome<EscalationRecord> acknowledged = await acknowledgeEscalation.ExecuteAsync(
            request.SignedIn, request.RouteValue("incidentId"), request.RouteValue("escalationId"), draft, request.Aborted);
        return ApiResults.From(acknowledged, escalation => ApiResults.Json(EscalationView.From(escalation)));
    }
}

/// <summary><c>POST /incidents/{incidentId}/escalations/{escalationId}</c> (form: <c>reference</c>): the incident page's form for the same, without JavaScript.</summary>
[Endpoint("POST", "incidents/{incidentId}/escalations/{escalationId}", EscalationPermissions.ReferenceRecorders)]
public sealed class AcknowledgeEscalationFormEndpoint(AcknowledgeEscalation acknowledgeEscalation, IncidentPageView view) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string incidentId = request.RouteValue("incidentId");
        string escalationId = request.RouteValue("escalationId");
        IFormCollection form = await FormBody.ReadAsync(request.Request);
        Outcome<EscalationRecord> acknowledged = await acknowledgeEscalation.ExecuteAsync(
            request.SignedIn, incidentId, escalationId, new EscalationReferenceDraft(form["reference"].ToString()), request.Aborted);

        // Acknowledged already (by the target through its link, or by a colleague a moment ago): the page shows whose reference stands.
        return acknowledged.Failure is { Kind: not FailureKind.Conflict } failure
            ? await view.FailedAsync(request, incidentId, IncidentPageModel.EscalationForm(escalationId), form, failure)
            : Results.Redirect("/incidents/" + incidentId + "?acknowledged=" + Uri.EscapeDataString(escalationId) + "#escalations");
    }
}

/// <summary>
/// <c>POST /api/incidents/{incidentId}/escalations/{escalationId}/closure</c> <c>{"reason"}</c>: the e-safety officer (or
/// senior manager) closes a referral the target will never acknowledge, with the reason. 409 when it is already settled.
/// </summary>
[Endpoint("POST", "api/incidents/{incidentId}/escalations/{escalationId}/closure", EscalationPermissions.ReferenceRecorders)]
public sealed class CloseEscalationEndpoint(CloseEscalation closeEscalation) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        JsonFields body = (await JsonBody.ReadObjectAsync(request.Request, 16 * 1024)).RejectUnknown("reason");
        EscalationClosureDraft draft = new(body.Text("reason"));
        if (body.Errors.Any)
        {
            return ApiResults.Problem(Outcome.Invalid(body.Errors));
        }

        Outcome<EscalationRecord> closed = await closeEscalation.ExecuteAsync(
            request.SignedIn, request.RouteValue("incidentId"), request.RouteValue("escalationId"), draft, request.Aborted);
        return ApiResults.From(closed, escalation => ApiResults.Json(EscalationView.From(escalation)));
    }
}

/// <summary><c>POST /incidents/{incidentId}/escalations/{escalationId}/closure</c> (form: <c>reason</c>): the incident page's form for the same.</summary>
[Endpoint("POST", "incidents/{incidentId}/escalations/{escalationId}/closure", EscalationPermissions.ReferenceRecorders)]
public sealed class CloseEscalationFormEndpoint(CloseEscalation closeEscalation, IncidentPageView view) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string incidentId = request.RouteValue("incidentId");
        string escalationId = request.RouteValue("escalationId");
        IFormCollection form = await FormBody.ReadAsync(request.Request);
        Outcome<EscalationRecord> closed = await closeEscalation.ExecuteAsync(
            request.SignedIn, incidentId, escalationId, new EscalationClosureDraft(form["reason"].ToString()), request.Aborted);

        // Settled already (acknowledged or closed a moment ago): the page shows how it stands.
        return closed.Failure is { Kind: not FailureKind.Conflict } failure
            ? await view.FailedAsync(request, incidentId, IncidentPageModel.ClosureForm(escalationId), form, failure)
            : IncidentPageView.Saved(incidentId, "escalations");
    }
}
