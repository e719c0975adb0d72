using System.Globalization;
using System.Text.Json;
using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Security;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Response;
using Microsoft.AspNetCore.Http;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Http.Incidents;

/// <summary>Finds an incident the officer or senior manager of its agency may change, or the problem to answer.</summary>
static class LeadAccess
{
    public static async Task<(Incident? Incident, IResult? Problem)> FindAsync(IIncidentStore store, EndpointRequest request)
    {
        Incident? incident = await store.FindAsync(request.RouteValue("incidentId"), request.Aborted);
        if (incident is null)
        {
            return (null, Problems.NotFound("There is no incident with that id."));
        }

        return request.SignedIn.CanActFor(incident.AgencyId) && IncidentAccess.KeepsTheLog(request.SignedIn.Role)
            ? (incident, null)
            : (null, Problems.Forbidden("Only the agency's e-safety officer and senior manager can change an incident."));
    }
}

/// <summary>Reading small JSON bodies field by field, with plain-language field errors.</summary>
public static class JsonFields
{
    /// <summary>The body as a JSON object (a detached copy, nothing to dispose), or the problem to answer.</summary>
    public static async Task<(JsonElement? Body, IResult? Problem)> ReadJsonAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        (ReadOnlyMemory<byte> bytes, IResult? problem) = await RequestBodies.ReadJsonAsync(request.Request, 64 * 1024);
        if (problem is not null)
        {
            return (null, problem);
        }

        try
        {
            using JsonDocument json = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 8 });
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                return (json.RootElement.Clone(), null);
            }
        }
        catch (JsonException)
        {
        }

        return (null, Problems.BadRequest("The body must be a JSON object."));
    }

    public static string? Text(JsonElement body, string name, FieldErrors errors, int maxLength, bool required)
    {
        string? value = null;
        if (body.TryGetProperty(name, out JsonElement element) && element.ValueKind != JsonValueKind.Null)
        {
            try
            {
                value = element.ValueKind == JsonValueKind.String ? element.GetString()?.Trim() : null;
            }
            catch (InvalidOperationException)
            {
                value = null;
            }

            if (element.ValueKind != JsonValueKind.String || value is null)
            {
                errors.Add(name, name + " must be text");
                return null;
            }
        }

        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                errors.Add(name, "Enter the " + name);
            }

            return null;
        }

        if (value.Length > maxLength || value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            errors.Add(name, string.Create(CultureInfo.InvariantCulture, $"{name} must be {maxLength} characters or fewer, without control characters"));
            return null;
        }

        return value;
    }

    /// <summary>A moment that has happened (now or before, allowing five minutes of clock skew); null when absent or invalid.</summary>
    public static DateTimeOffset? PastMoment(JsonElement body, string name, FieldErrors errors, DateTimeOffset now, bool required)
    {
        ArgumentNullException.ThrowIfNull(errors);
        string? text = Text(body, name, errors, 64, required);
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset moment) && moment <= now.AddMinutes(5))
        {
            return moment;
        }

        errors.Add(name, name + " must be a date and time that is not in the future");
        return null;
    }

    /// <summary>Every property the endpoint does not know is a field error, so typos are not silently ignored.</summary>
    public static void RejectUnknown(JsonElement body, IReadOnlyCollection<string> known, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(errors);
        foreach (JsonProperty property in body.EnumerateObject().Where(p => !known.Contains(p.Name)))
        {
            errors.Add(property.Name.Length <= 64 ? property.Name : property.Name[..64], "This field is not part of the API");
        }
    }
}

/// <summary>
/// <c>POST /api/incidents/{incidentId}/triage</c> (the agency's e-safety officer): answers the flowchart's questions
/// for an emailed report (body = the <c>concerns</c> object). The response workflow then records the plan.
/// </summary>
[Endpoint("POST", "api/incidents/{incidentId}/triage", Roles.EsafetyLeads)]
public sealed class TriageIncidentEndpoint(IIncidentStore store, AuditRecorder audit, TimeProvider timeProvider) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        (Incident? incident, IResult? denied) = await LeadAccess.FindAsync(store, request);
        if (incident is null)
        {
            return denied!;
        }

        (ReadOnlyMemory<byte> body, IResult? problem) = await RequestBodies.ReadJsonAsync(request.Request, 64 * 1024);
        if (problem is not null)
        {
            return problem;
        }

        FieldErrors errors = new();
        ConcernsDraft? draft = JsonDraftReader.ReadConcerns(body, errors);
        Concerns? concerns = draft is null ? null : IncidentValidation.ValidateConcerns(draft, errors);
        if (concerns is null || errors.Any)
        {
            return Problems.FieldErrors(errors, "Some answers need correcting.");
        }

        if (!await TriageAsync(store, audit, timeProvider, request, incident, concerns))
        {
            return Problems.Create(StatusCodes.Status409Conflict, "Already triaged", "This incident's questions have already been answered.");
        }

        return Results.Json(new { incidentId = incident.IncidentId, status = WireNames.Of(IncidentStatus.Reported) }, ApiJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>
    /// Stores the officer's answers, starts the response if needed and tells the workflow. False when the incident was
    /// triaged already (by someone else a moment ago, perhaps): of two officers triaging at once, only the first counts.
    /// </summary>
    public static async Task<bool> TriageAsync(IIncidentStore store, AuditRecorder audit, TimeProvider timeProvider, EndpointRequest request, Incident incident, Concerns concerns)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(incident);
        if (incident.Status != IncidentStatus.AwaitingTriage)
        {
            await TellTheWorkflowAsync(request, incident);
            return false;
        }

        DateTimeOffset now = timeProvider.GetUtcNow();
        Actor officer = request.SignedIn;
        bool triagedNow = false;
        await store.UpdateAsync(incident.IncidentId, current =>
        {
            // Checked again on the version being changed: of two officers triaging at once, only the first counts.
            triagedNow = current.Status == IncidentStatus.AwaitingTriage;
            return !triagedNow ? current : current with
            {
                Status = IncidentStatus.Reported,
                Report = current.Report with { Concerns = concerns },
                Actions = [.. current.Actions, new IncidentAction("Triaged: the flowchart's questions answered", officer.Person.PersonId, now)],
            };
        }, request.Aborted);
        if (!triagedNow)
        {
            await TellTheWorkflowAsync(request, incident);
            return false;
        }

        await audit.RecordAsync(request.SignedIn, incident.AgencyId, AuditActions.Change, incident.IncidentId, "triage");
        await TellTheWorkflowAsync(request, incident);
        return true;
    }

    /// <summary>
    /// Starts the response if needed and raises the triage event — also when the incident was triaged already, since a
    /// request that failed after saving would otherwise never tell the workflow (a duplicate event is harmless).
    /// Not cancellable: the answers are saved, so the workflow must hear of them even if the browser has gone.
    /// </summary>
    static async Task TellTheWorkflowAsync(EndpointRequest request, Incident incident)
    {
        if (incident.Plan is not null)
        {
            return;
        }

        await IncidentIntake.EnsureResponseStartedAsync(request.Signals, incident.IncidentId, CancellationToken.None);
        await request.Signals.RaiseAsync(incident.IncidentId, IncidentResponse.TriagedEvent, request.SignedIn.Person.PersonId, CancellationToken.None);
    }
}

/// <summary><c>POST /api/incidents/{incidentId}/actions</c> <c>{"description", "takenAt"?}</c>: records what was done and by whom.</summary>
[Endpoint("POST", "api/incidents/{incidentId}/actions", Roles.EsafetyLeads)]
public sealed class RecordActionEndpoint(IIncidentStore store, AuditRecorder audit, TimeProvider timeProvider) : IEndpointHandler
{
    static readonly string[] ActionFields = ["description", "takenAt"];

    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        (Incident? incident, IResult? denied) = await LeadAccess.FindAsync(store, request);
        if (incident is null)
        {
            return denied!;
        }

        (JsonElement? json, IResult? problem) = await JsonFields.ReadJsonAsync(request);
        if (json is not { } body)
        {
            return problem!;
        }

        FieldErrors errors = new();
        DateTimeOffset now = timeProvider.GetUtcNow();
        string? description = JsonFields.Text(body, "description", errors, 4000, required: true);
        DateTimeOffset takenAt = JsonFields.PastMoment(body, "takenAt", errors, now, required: false) ?? now;
        JsonFields.RejectUnknown(body, ActionFields, errors);

        if (errors.Any)
        {
            return Problems.FieldErrors(errors);
        }

        IncidentAction action = new(description!, request.SignedIn.Person.PersonId, takenAt);
        await store.AddActionAsync(incident.IncidentId, action, request.Aborted);
        await audit.RecordAsync(request.SignedIn, incident.AgencyId, AuditActions.Change, incident.IncidentId, "action");
        return Results.Json(action, ApiJson.Options, statusCode: StatusCodes.Status201Created);
    }
}

/// <summary>
/// <c>POST /api/incidents/{incidentId}/conclusion</c> <c>{"conclusion", "outcome"?}</c>: the incident's conclusion; for an
/// allegation against a member of staff the outcome is one of substantiated, malicious, false, unsubstantiated, unfounded.
/// </summary>
[Endpoint("POST", "api/incidents/{incidentId}/conclusion", Roles.EsafetyLeads)]
public sealed class RecordConclusionEndpoint(IIncidentStore store, Workflows.Evidence.IRetentionSchedule retention, AuditRecorder audit, TimeProvider timeProvider) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        (Incident? incident, IResult? denied) = await LeadAccess.FindAsync(store, request);
        if (incident is null)
        {
            return denied!;
        }

        (JsonElement? json, IResult? problem) = await JsonFields.ReadJsonAsync(request);
        if (json is not { } body)
        {
            return problem!;
        }

        FieldErrors errors = new();
        string? conclusion = JsonFields.Text(body, "conclusion", errors, 8000, required: true);
        string? outcomeText = JsonFields.Text(body, "outcome", errors, 32, required: false);
        AllegationOutcome? outcome = ValidateOutcome(incident, outcomeText, errors);
        if (errors.Any)
        {
            return Problems.FieldErrors(errors);
        }

        Incident updated = await RecordAsync(store, retention, timeProvider, request, incident, conclusion!, outcome);
        await audit.RecordAsync(request.SignedIn, incident.AgencyId, AuditActions.Change, incident.IncidentId, "conclusion");
        return Results.Json(IncidentView.From(updated), ApiJson.Options);
    }

    /// <summary>For an allegation against staff the outcome is required and must be one of the five; otherwise it is not allowed.</summary>
    public static AllegationOutcome? ValidateOutcome(Incident incident, string? outcomeText, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(errors);
        AllegationOutcome? outcome = null;
        bool allegation = incident.Report.Concerns?.StaffInvolved == true;
        if (outcomeText is not null)
        {
            if (WireNames.TryParse(outcomeText, out AllegationOutcome parsed))
            {
                outcome = parsed;
            }
            else
            {
                errors.Add("outcome", "outcome must be one of: " + string.Join(", ", WireNames.All<AllegationOutcome>()));
            }
        }

        if (allegation && outcomeText is null)
        {
            errors.Add("outcome", "For an allegation against a member of staff, choose the outcome: " + string.Join(", ", WireNames.All<AllegationOutcome>()));
        }
        else if (!allegation && outcomeText is not null)
        {
            errors.Add("outcome", "An outcome applies only to allegations against a member of staff or volunteer");
        }

        return outcome;
    }

    /// <summary>Records the conclusion; the conclusion and outcome decide how long the records are kept (a malicious allegation is removed).</summary>
    public static async Task<Incident> RecordAsync(
        IIncidentStore store, Workflows.Evidence.IRetentionSchedule retention, TimeProvider timeProvider, EndpointRequest request, Incident incident, string conclusion, AllegationOutcome? outcome)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(retention);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(incident);
        DateTimeOffset now = timeProvider.GetUtcNow();
        Incident updated = await store.UpdateAsync(incident.IncidentId, current => current with
        {
            Conclusion = conclusion,
            Outcome = outcome,
            Actions = [.. current.Actions, new IncidentAction("Conclusion recorded", request.SignedIn.Person.PersonId, now)],
        }, request.Aborted);
        if (updated.Plan is not null)
        {
            await retention.ScheduleAsync(Workflows.Evidence.RetentionRules.For(updated), request.Aborted);
        }

        return updated;
    }
}
