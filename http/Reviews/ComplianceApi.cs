using System.Text;
using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Workflows.Compliance;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Registers;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Reviews;

/// <summary><c>GET /api/agencies/{agencyId}/compliance</c>: the agency's checks against the standard's musts.</summary>
[Endpoint("GET", "api/agencies/{agencyId}/compliance", RegisterPermissions.ComplianceReaders)]
public sealed class GetAgencyComplianceEndpoint(ReadAgencyCompliance readCompliance) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<AgencyCompliance> read = await readCompliance.ExecuteAsync(request.SignedIn, request.RouteValue("agencyId"), view: null, request.Aborted);
        return ApiResults.From(read, compliance => ApiResults.Json(new
        {
            agencyId = compliance.Agency.AgencyId,
            checks = compliance.Checks,
            training = compliance.Training.Select(a => new
            {
                audience = WireNames.Of(a.Role), sessions = a.Sessions.Count, required = a.FromDirectory ? a.Required.Count : (int?)null,
                trained = a.FromDirectory ? a.Trained : (int?)null, nextRefresherDue = a.NextRefresherDue,
            }),
        }));
    }
}

/// <summary><c>GET /api/compliance</c>: every agency's checks side by side, for the board admin (statuses and evidence, no children's details).</summary>
[Endpoint("GET", "api/compliance", RegisterPermissions.Board)]
public sealed class GetBoardComplianceEndpoint(ReadBoardCompliance readCompliance) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<IReadOnlyList<AgencyCompliance>> read = await readCompliance.ExecuteAsync(request.SignedIn, view: null, request.Aborted);
        return ApiResults.From(read, all => ApiResults.Json(new { agencies = all.Select(a => new { agencyId = a.Agency.AgencyId, name = a.Agency.Name, checks = a.Checks }) }));
    }
}

/// <summary><c>GET /api/compliance.csv</c>: the board's view as CSV, safe to open in a spreadsheet (formula cells neutralised).</summary>
[Endpoint("GET", "api/compliance.csv", RegisterPermissions.Board)]
public sealed class ExportBoardComplianceEndpoint(ExportBoardCompliance exportCompliance) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<IReadOnlyList<AgencyCompliance>> exported = await exportCompliance.ExecuteAsync(request.SignedIn, request.Aborted);
        return ApiResults.From(exported, all =>
        {
            StringBuilder csv = new();
            Csv.AppendRow(csv, ["agencyId", "agency", "check", "title", "status", "evidence"]);
            foreach (AgencyCompliance agency in all)
            {
                foreach (ComplianceCheck check in agency.Checks)
                {
                    Csv.AppendRow(csv, [agency.Agency.AgencyId, agency.Agency.Name, check.Name, check.Title, WireNames.Of(check.Status), check.Evidence]);
                }
            }

            request.HttpContext.Response.Headers.ContentDisposition = "attachment; filename=\"compliance.csv\"";
            return Results.Text(csv.ToString(), "text/csv; charset=utf-8", Encoding.UTF8);
        });
    }
}
