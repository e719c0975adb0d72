using System.Text.Json.Nodes;
using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Incidents;
using EsafetyServerless.Http.Intake;
using EsafetyServerless.Http.Platform;
using EsafetyServerless.Workflows.Incidents;
using Microsoft.AspNetCore.Http;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Http.OpenApi;

/// <summary>
/// The API's OpenAPI 3.1 description, built from the endpoint catalog (so no route can be missing) with the
/// incident contract's schemas written out (so clients can rely on its names and values).
/// </summary>
public static class OpenApiDocument
{
    public static JsonObject Build()
    {
        JsonObject paths = [];
        foreach (IGrouping<string, EndpointDefinition> route in EndpointCatalog.All.Where(e => e.Route.StartsWith("api/", StringComparison.Ordinal)).GroupBy(e => e.Route))
        {
            JsonObject item = [];
            foreach (EndpointDefinition endpoint in route)
            {
                JsonObject operation = new()
                {
                    ["operationId"] = endpoint.Name,
                    ["summary"] = Summaries.GetValueOrDefault(endpoint.Name, endpoint.Name),
                    ["description"] = endpoint.Access.AllowsAnonymous
                        ? "No sign-in."
                        : "Signed-in roles: " + string.Join(", ", endpoint.Access.Roles.Members()) + ". Other roles get 403; no principal gets 401.",
                    ["responses"] = Responses(endpoint),
                };
                JsonArray parameters = [];
                foreach (string name in RouteParameters(endpoint.Route))
                {
                    parameters.Add(new JsonObject { ["name"] = name, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
                }

                if (endpoint.HandlerType == typeof(ListIncidentsEndpoint) || endpoint.HandlerType == typeof(ExportIncidentsEndpoint))
                {
                    parameters.Add(Query("status", Enum(WireNames.All<IncidentStatus>())));
                    parameters.Add(Query("route", Enum(WireNames.All<ResponseRoute>())));
                    parameters.Add(Query("serious", Enum(["true", "false"])));
                    parameters.Add(Query("overdue", Enum(["true", "false"])));
                    parameters.Add(Query("from", new JsonObject { ["type"] = "string", ["format"] = "date-time" }));
                    parameters.Add(Query("to", new JsonObject { ["type"] = "string", ["format"] = "date-time" }));
                    parameters.Add(Query("pageSize", new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = 200 }));
                    parameters.Add(Query("continuationToken", new JsonObject { ["type"] = "string" }));
                }

                if (endpoint.HandlerType == typeof(ReportIncidentEndpoint))
                {
                    parameters.Add(new JsonObject { ["name"] = "Idempotency-Key", ["in"] = "header", ["schema"] = new JsonObject { ["type"] = "string", ["maxLength"] = 200 } });
                    operation["requestBody"] = new JsonObject
                    {
                        ["required"] = true,
                        ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Ref("IncidentReport") } },
                    };
                }

                if (parameters.Count > 0)
                {
                    operation["parameters"] = parameters;
                }

                item[endpoint.Method.ToLowerInvariant()] = operation;
            }

            paths["/" + route.Key] = item;
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject { ["title"] = "E-safety incidents and standards API", ["version"] = "1.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = Schemas() },
        };
    }

    static readonly Dictionary<string, string> Summaries = new(StringComparer.Ordinal)
    {
        [nameof(ReportIncidentEndpoint)[..^8]] = "Report an e-safety incident for your agency",
        [nameof(GetIncidentEndpoint)[..^8]] = "Read one incident",
        [nameof(ListIncidentsEndpoint)[..^8]] = "The agency's incident log, newest first, paged (a member of staff: their own reports)",
        [nameof(ExportIncidentsEndpoint)[..^8]] = "The agency's incident log as CSV",
        [nameof(HealthEndpoint)[..^8]] = "Storage, queues and durable engine status",
        [nameof(ReceiveInboundEmailEndpoint)[..^8]] = "SendGrid Inbound Parse webhook",
        [nameof(CreateAgencyEndpoint)[..^8]] = "Create a member agency: {name, kind, intakeAddress} → 201 with agencyId",
        [nameof(UpdateAgencyEndpoint)[..^8]] = "Correct an agency, or archive it ({archived: true}: records kept, no new reports)",
        [nameof(OnboardAgencyEndpoint)[..^8]] = "An agency with its e-safety officer and senior manager in one go → 201",
        [nameof(ListAgencyPeopleEndpoint)[..^8]] = "The agency's people, their roles and whether they are active",
        [nameof(AddPersonEndpoint)[..^8]] = "Add a person: {displayName, signInName, email?, objectId?, tenantId?, roles} → 201 with personId",
        [nameof(UpdatePersonEndpoint)[..^8]] = "Change a person, their roles, or deactivate them ({active: false})",
        [nameof(ImportStaffEndpoint)[..^8]] = "Staff CSV import: the preview row by row; ?confirm=true&fingerprint= applies it",
        [nameof(Reviews.GetAupCoverageEndpoint)[..^8]] = "Who has signed the AUP's current version (staff against the directory, children and parents by group)",
        [nameof(Reviews.ExportAupCoverageEndpoint)[..^8]] = "The staff AUP's signatures as CSV: every active member of staff, signed or not",
        [nameof(Reviews.RemindUnsignedStaffEndpoint)[..^8]] = "Email a reminder to every active member of staff who has not signed (once a day each)",
        [nameof(Reviews.RecordGroupSignaturesEndpoint)[..^8]] = "A class or group's signature count for a children's or parents' AUP: {group, haveSigned, outOf} → 201",
    };

    static IEnumerable<string> RouteParameters(string route) =>
        route.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}', '*'));

    static JsonObject Query(string name, JsonObject schema) => new() { ["name"] = name, ["in"] = "query", ["schema"] = schema };

    static JsonObject Ref(string name) => new() { ["$ref"] = "#/components/schemas/" + name };

    static JsonObject Enum(IEnumerable<string> values) => new() { ["type"] = "string", ["enum"] = new JsonArray(values.Select(v => (JsonNode)v).ToArray()) };

    static JsonObject Responses(EndpointDefinition endpoint)
    {
        JsonObject problem = new() { ["description"] = "Problem details (RFC 9457)", ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = Ref("Problem") } } };
        JsonObject responses = endpoint.HandlerType == typeof(ReportIncidentEndpoint)
            ? new JsonObject { ["202"] = new JsonObject { ["description"] = "Accepted", ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Ref("IncidentAccepted") } } } }
            : endpoint.HandlerType == typeof(GetIncidentEndpoint)
                ? new JsonObject { ["200"] = new JsonObject { ["description"] = "The incident", ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Ref("Incident") } } } }
                : new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } };
        responses["4XX"] = problem;
        return responses;
    }

    static JsonObject Schemas()
    {
        JsonObject Str(int? max = null) => max is { } m ? new JsonObject { ["type"] = "string", ["maxLength"] = m } : new JsonObject { ["type"] = "string" };
        JsonObject Bool() => new() { ["type"] = "boolean" };
        JsonObject Obj(JsonObject properties, params string[] required) => new()
        {
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["properties"] = properties,
            ["required"] = new JsonArray(required.Select(r => (JsonNode)r).ToArray()),
        };

        JsonObject person = Obj(new JsonObject
        {
            ["role"] = Enum(WireNames.All<InvolvedRole>()),
            ["name"] = Str(IncidentValidation.NameMaxLength),
            ["dateOfBirth"] = new JsonObject { ["type"] = "string", ["format"] = "date" },
            ["isVictim"] = Bool(),
            ["isInstigator"] = Bool(),
        }, "role", "name");
        // A reporter's "Not sure" is null (the officer then triages); triage and corrections need true or false.
        static JsonObject NotSureAnswer() => new()
        {
            ["type"] = new JsonArray("boolean", "null"),
            ["description"] = "true, false, or null for \"Not sure\" (the report then awaits the e-safety officer's triage); left out means false. Triage and corrections need true or false.",
        };
        JsonObject concerns = Obj(new JsonObject
        {
            ["illegalSuspected"] = NotSureAnswer(),
            ["illegalKinds"] = new JsonObject { ["type"] = "array", ["items"] = Enum(WireNames.All<IllegalKind>()) },
            ["publicWebUrl"] = new JsonObject { ["type"] = "string", ["format"] = "uri", ["maxLength"] = IncidentValidation.UrlMaxLength },
            ["staffInvolved"] = NotSureAnswer(),
            ["ladoThreshold"] = new JsonObject { ["type"] = "array", ["items"] = Enum(WireNames.All<LadoThreshold>()) },
            ["childAtRiskOfSignificantHarm"] = NotSureAnswer(),
            ["urgent"] = NotSureAnswer(),
        });
        JsonObject report = Obj(new JsonObject
        {
            ["agencyId"] = Str(),
            ["occurredAt"] = new JsonObject { ["type"] = "string", ["format"] = "date-time" },
            ["description"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = IncidentValidation.DescriptionMaxLength },
            ["howIdentified"] = Enum(WireNames.All<HowIdentified>()),
            ["technology"] = Str(IncidentValidation.TechnologyMaxLength),
            ["peopleInvolved"] = new JsonObject { ["type"] = "array", ["maxItems"] = IncidentValidation.MaxPeople, ["items"] = Ref("PersonInvolved") },
            ["concerns"] = Ref("Concerns"),
        }, "agencyId", "occurredAt", "description", "howIdentified", "concerns");
        JsonObject incident = new()
        {
            ["allOf"] = new JsonArray(Ref("IncidentReport"), new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject
                {
                    ["incidentId"] = Str(), ["reference"] = Str(), ["status"] = Enum(WireNames.All<IncidentStatus>()), ["source"] = Enum(WireNames.All<IncidentSource>()),
                    ["submittedAt"] = new JsonObject { ["type"] = "string", ["format"] = "date-time" }, ["reportedBy"] = Str(),
                    ["route"] = new JsonObject { ["type"] = new JsonArray("string", "null"), ["enum"] = new JsonArray([.. WireNames.All<ResponseRoute>().Select(r => (JsonNode)r), null]) },
                    ["serious"] = new JsonObject { ["type"] = new JsonArray("boolean", "null") },
                    ["overdueReferrals"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0, ["description"] = "Referrals still waiting for their acknowledgement past their deadline." },
                    ["escalations"] = new JsonObject { ["type"] = "array" },
                    ["actions"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["description"] = Str(), ["takenBy"] = Str(), ["takenAt"] = new JsonObject { ["type"] = "string", ["format"] = "date-time" } } } },
                    ["conclusion"] = new JsonObject { ["type"] = new JsonArray("string", "null") },
                    ["tasks"] = new JsonObject { ["type"] = "array" },
                },
            }),
        };
        return new JsonObject
        {
            ["IncidentReport"] = report,
            ["PersonInvolved"] = person,
            ["Concerns"] = concerns,
            ["Incident"] = incident,
            ["IncidentAccepted"] = Obj(new JsonObject
            {
                ["incidentId"] = Str(), ["reference"] = Str(), ["status"] = Enum(WireNames.All<IncidentStatus>()),
                ["links"] = Obj(new JsonObject { ["self"] = Str() }, "self"),
            }, "incidentId", "reference", "status", "links"),
            ["Problem"] = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject
                {
                    ["type"] = Str(), ["title"] = Str(), ["status"] = new JsonObject { ["type"] = "integer" }, ["detail"] = Str(),
                    ["errors"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "array", ["items"] = Str() } },
                },
            },
        };
    }
}

/// <summary><c>GET /api/openapi.json</c>.</summary>
[Endpoint("GET", "api/openapi.json", Roles.AnyRole)]
public sealed class OpenApiDescriptionEndpoint : IEndpointHandler
{
    static readonly Lazy<string> Document = new(() => OpenApiDocument.Build().ToJsonString());

    public Task<IResult> HandleAsync(EndpointRequest request) =>
        Task.FromResult(Results.Text(Document.Value, "application/json; charset=utf-8"));
}
