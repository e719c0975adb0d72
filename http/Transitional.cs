using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Security;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Orchestration;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Response;
using Microsoft.AspNetCore.Http;
using System.Globalization;
using System.Text.Json;

namespace EsafetyServerless.Http.Incidents;

// TRANSITIONAL (redesign): helpers the handlers not yet moved onto use cases still share. Each goes when its last
// caller has become a use case in workflows/ (reading a body with JsonBody, checking with the capability's permissions).

/// <summary>Finds the route's incident for the agency's e-safety leads.</summary>
static class LeadAccess
{
    public static async Task<(Incident? Incident, IResult? Problem)> FindAsync(IIncidentStore store, EndpointRequest request)
    {
        Incident? incident = await store.FindAsync(request.RouteValue("incidentId"), request.Aborted);
        if (incident is null)
        {
            return (null, Problems.NotFound("There is no incident with that id."));
        }

        return request.SignedIn.CanActFor(incident.AgencyId) && IncidentPermissions.KeepsTheLog(request.SignedIn, incident.AgencyId)
            ? (incident, null)
            : (null, Problems.Forbidden("Only the agency's e-safety officer and senior manager can change an incident."));
    }
}

/// <summary>Reading small JSON bodies field by field, with plain-language field errors.</summary>
public static class LegacyJsonFields
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

/// <summary>Starts an incident's response workflow; use <see cref="Workflows.Incidents.IncidentSubmission"/> in a use case.</summary>
public static class IncidentIntake
{
    public static Task EnsureResponseStartedAsync(IWorkflowSignals signals, string incidentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signals);
        return signals.StartIfNewAsync(nameof(Workflows.Response.IncidentResponse), incidentId, new Workflows.Response.IncidentResponseInput(incidentId), restartIfFailed: false, cancellationToken);
    }
}
