using System.Text;
using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Incidents;
using EsafetyServerless.Http.Pages;
using EsafetyServerless.Http.Security;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Compliance;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Registers;
using EsafetyServerless.Workflows.Tasks;
using Microsoft.AspNetCore.Http;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Http.Reviews;

/// <summary>Gathers what the compliance checks read about an agency, and runs them.</summary>
public sealed class ComplianceReader(IRegisterStore registers, ITaskStore tasks, IPeopleDirectory directory, TimeProvider timeProvider)
{
    public async Task<IReadOnlyList<ComplianceCheck>> CheckAsync(string agencyId, CancellationToken cancellationToken)
    {
        IReadOnlyList<RegisterItem> items = await registers.ListAsync(agencyId, cancellationToken);
        HashSet<string> signed = new(StringComparer.Ordinal);
        foreach (RegisterItem aup in items.Where(i => i.Aup is not null))
        {
            IReadOnlyList<AupSignature> signatures = await registers.ListSignaturesAsync(agencyId, aup.ItemId, cancellationToken);
            if (signatures.Any(s => s.Version == aup.Aup!.Version))
            {
                signed.Add(aup.ItemId);
            }
        }

        ComplianceRecords records = new(agencyId, items, signed,
            await directory.ListPeopleAsync(agencyId, cancellationToken), await tasks.ListAsync(agencyId, cancellationToken));
        return ComplianceChecks.Run(records, timeProvider.GetUtcNow());
    }

    /// <summary>Every agency's checks, for the board admin.</summary>
    public async Task<IReadOnlyList<(Agency Agency, IReadOnlyList<ComplianceCheck> Checks)>> CheckAllAsync(CancellationToken cancellationToken)
    {
        List<(Agency, IReadOnlyList<ComplianceCheck>)> all = [];
        foreach (Agency agency in (await directory.ListAgenciesAsync(cancellationToken)).OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase))
        {
            all.Add((agency, await this.CheckAsync(agency.AgencyId, cancellationToken)));
        }

        return all;
    }
}

static class ComplianceAccess
{
    /// <summary>The agency's officer and senior manager see their own; the board admin sees every agency's.</summary>
    public static bool MaySee(Actor actor, string agencyId) => actor.CanActFor(agencyId);
}

public sealed record ComplianceCheckView(string Name, string Title, ComplianceStatus Status, string Evidence, string Fix);

/// <summary><c>GET /api/agencies/{agencyId}/compliance</c>: the agency's checks against the standard's musts.</summary>
[Endpoint("GET", "api/agencies/{agencyId}/compliance", Roles.EsafetyLeads | Roles.BoardAdmin)]
public sealed class GetAgencyComplianceEndpoint(ComplianceReader reader, IPeopleDirectory directory, AuditRecorder audit) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string agencyId = request.RouteValue("agencyId");
        if (!ComplianceAccess.MaySee(request.SignedIn, agencyId))
        {
            return Problems.Forbidden("You can see only your own agency's compliance.");
        }

        // The board admin may ask for any agency: only a real one is read and audited.
        if (agencyId.Length > 64 || await directory.GetAgencyAsync(agencyId, request.Aborted) is null)
        {
            return Problems.NotFound("There is no agency with that id.");
        }

        IReadOnlyList<ComplianceCheck> checks = await reader.CheckAsync(agencyId, request.Aborted);
        await audit.RecordAsync(request.SignedIn, agencyId, AuditActions.Read, "compliance");
        return Results.Json(new { agencyId, checks }, ApiJson.Options);
    }
}

/// <summary><c>GET /api/compliance</c>: every agency's checks side by side, for the board admin (statuses and evidence, no children's details).</summary>
[Endpoint("GET", "api/compliance", Roles.BoardAdmin)]
public sealed class GetBoardComplianceEndpoint(ComplianceReader reader, AuditRecorder audit) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        IReadOnlyList<(Agency Agency, IReadOnlyList<ComplianceCheck> Checks)> all = await reader.CheckAllAsync(request.Aborted);
        await audit.RecordAsync(request.SignedIn, Agency.BoardId, AuditActions.Read, "compliance");
        return Results.Json(new { agencies = all.Select(a => new { agencyId = a.Agency.AgencyId, name = a.Agency.Name, checks = a.Checks }) }, ApiJson.Options);
    }
}

/// <summary><c>GET /api/compliance.csv</c>: the board's view as CSV, safe to open in a spreadsheet (formula cells neutralised).</summary>
[Endpoint("GET", "api/compliance.csv", Roles.BoardAdmin)]
public sealed class ExportBoardComplianceEndpoint(ComplianceReader reader, AuditRecorder audit) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        IReadOnlyList<(Agency Agency, IReadOnlyList<ComplianceCheck> Checks)> all = await reader.CheckAllAsync(request.Aborted);
        StringBuilder csv = new();
        Csv.AppendRow(csv, ["agencyId", "agency", "check", "title", "status", "evidence"]);
        foreach ((Agency agency, IReadOnlyList<ComplianceCheck> checks) in all)
        {
            foreach (ComplianceCheck check in checks)
            {
                Csv.AppendRow(csv, [agency.AgencyId, agency.Name, check.Name, check.Title, WireNames.Of(check.Status), check.Evidence]);
            }
        }

        await audit.RecordAsync(request.SignedIn, Agency.BoardId, AuditActions.Export, "compliance", "csv agencies=" + all.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.HttpContext.Response.Headers.ContentDisposition = "attachment; filename=\"compliance.csv\"";
        return Results.Text(csv.ToString(), "text/csv; charset=utf-8", Encoding.UTF8);
    }
}

/// <summary>How a status reads on a page: a GOV.UK tag.</summary>
static class StatusTags
{
    public static string Of(ComplianceStatus status) => status switch
    {
        ComplianceStatus.Green => "<strong class=\"govuk-tag govuk-tag--green\">Green</strong>",
        ComplianceStatus.Amber => "<strong class=\"govuk-tag govuk-tag--yellow\">Amber</strong>",
        _ => "<strong class=\"govuk-tag govuk-tag--red\">Red</strong>",
    };
}

/// <summary><c>GET /agencies/{agencyId}/compliance</c>: the agency's checks with their evidence and a link to fix each.</summary>
[Endpoint("GET", "agencies/{agencyId}/compliance", Roles.EsafetyLeads | Roles.BoardAdmin)]
public sealed class AgencyCompliancePageEndpoint(ComplianceReader reader, IPeopleDirectory directory, AuditRecorder audit) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string agencyId = request.RouteValue("agencyId");
        if (!ComplianceAccess.MaySee(request.SignedIn, agencyId))
        {
            return LegacyErrorPages.Forbidden("You can see only your own agency's compliance.");
        }

        Agency? agency = await directory.GetAgencyAsync(agencyId, request.Aborted);
        if (agency is null)
        {
            return LegacyErrorPages.Problem(StatusCodes.Status404NotFound, "There is no agency with that id.");
        }

        IReadOnlyList<ComplianceCheck> checks = await reader.CheckAsync(agencyId, request.Aborted);
        await audit.RecordAsync(request.SignedIn, agencyId, AuditActions.Read, "compliance", "page");
        bool mayFix = request.SignedIn.Role != Role.BoardAdmin;
        Html html = new Html().Raw("<span class=\"govuk-caption-l\">").Text(agency.Name).Raw("</span>")
            .Raw("<h1 class=\"govuk-heading-xl\">Compliance with the e-safety minimum standards</h1>")
            .Raw("<p class=\"govuk-body\">").Text($"{checks.Count(c => c.Status == ComplianceStatus.Green)} green, {checks.Count(c => c.Status == ComplianceStatus.Amber)} amber (due within 30 days), {checks.Count(c => c.Status == ComplianceStatus.Red)} red (missing or overdue).").Raw("</p>");
        if (mayFix)
        {
            html.Raw("<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/agencies/").Text(agencyId).Raw("/registers\">Go to the registers</a></p>");
        }

        html.Raw("<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">Checks</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">")
            .Raw("<th scope=\"col\" class=\"govuk-table__header\">The standard requires</th><th scope=\"col\" class=\"govuk-table__header\">Status</th><th scope=\"col\" class=\"govuk-table__header\">Evidence</th>")
            .Raw(mayFix ? "<th scope=\"col\" class=\"govuk-table__header\"><span class=\"govuk-visually-hidden\">Action</span></th>" : string.Empty)
            .Raw("</tr></thead><tbody class=\"govuk-table__body\">");
        foreach (ComplianceCheck check in checks)
        {
            html.Raw("<tr class=\"govuk-table__row\" id=\"check-").Text(check.Name).Raw("\"><td class=\"govuk-table__cell\">").Text(check.Title)
                .Raw("</td><td class=\"govuk-table__cell\">").Raw(StatusTags.Of(check.Status))
                .Raw("</td><td class=\"govuk-table__cell\">").Text(check.Evidence).Raw("</td>");
            if (mayFix)
            {
                html.Raw("<td class=\"govuk-table__cell\">");
                if (check.Status != ComplianceStatus.Green)
                {
                    html.Raw("<a class=\"govuk-link\" href=\"").Text(check.Fix).Raw("\">Fix<span class=\"govuk-visually-hidden\"> ").Text(check.Title).Raw("</span></a>");
                }

                html.Raw("</td>");
            }

            html.Raw("</tr>");
        }

        html.Raw("</tbody></table>");
        return Layout.Page("Compliance", html.ToString(), request.SignedIn);
    }
}

/// <summary><c>GET /compliance</c>: the board admin's view, every agency's checks side by side, with the CSV download.</summary>
[Endpoint("GET", "compliance", Roles.BoardAdmin)]
public sealed class BoardCompliancePageEndpoint(ComplianceReader reader, AuditRecorder audit) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        IReadOnlyList<(Agency Agency, IReadOnlyList<ComplianceCheck> Checks)> all = await reader.CheckAllAsync(request.Aborted);
        await audit.RecordAsync(request.SignedIn, Agency.BoardId, AuditActions.Read, "compliance", "page");
        Html html = new Html().Raw("<h1 class=\"govuk-heading-xl\">Member agencies' compliance</h1>")
            .Raw("<p class=\"govuk-body\">Each agency against every must of the e-safety minimum standards: green, amber (due within 30 days) or red (missing or overdue).</p>")
            .Raw("<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/api/compliance.csv\" download>Download as CSV</a></p>");
        if (all.Count == 0)
        {
            html.Raw("<p class=\"govuk-body\">No member agencies yet.</p>");
            return Layout.Page("Compliance", html.ToString(), request.SignedIn);
        }

        html.Raw("<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">Checks by agency</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">The standard requires</th>");
        foreach ((Agency agency, _) in all)
        {
            html.Raw("<th scope=\"col\" class=\"govuk-table__header\"><a class=\"govuk-link\" href=\"/agencies/").Text(agency.AgencyId).Raw("/compliance\">").Text(agency.Name).Raw("</a></th>");
        }

        html.Raw("</tr></thead><tbody class=\"govuk-table__body\">");
        for (int i = 0; i < ComplianceChecks.All.Count; i++)
        {
            html.Raw("<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">").Text(all[0].Checks[i].Title).Raw("</th>");
            foreach ((_, IReadOnlyList<ComplianceCheck> checks) in all)
            {
                html.Raw("<td class=\"govuk-table__cell\">").Raw(StatusTags.Of(checks[i].Status)).Raw("</td>");
            }

            html.Raw("</tr>");
        }

        html.Raw("</tbody></table>");
        return Layout.Page("Compliance", html.ToString(), request.SignedIn);
    }
}
