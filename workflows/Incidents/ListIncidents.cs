using System.Globalization;
using System.Runtime.CompilerServices;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Incidents;

/// <summary>The log's filters as typed (query string or form), before validation.</summary>
/// <param name="Overdue">"true": only incidents with a referral waiting for its acknowledgement past its deadline.</param>
/// <param name="OwnReports">Only the incidents the person asking reported ("Your reports"); always so for staff.</param>
public sealed record IncidentLogFilter(
    string? Status, string? From, string? To, string? PageSize, string? ContinuationToken, string? Route = null, string? Serious = null, string? Overdue = null,
    bool OwnReports = false);

/// <summary>
/// The agency's incident log, newest first, a page at a time, for those who keep it; a member of staff gets their own
/// reports only. Audited as a list.
/// </summary>
public sealed class ListIncidents(IIncidentStore store, AuditRecorder audit, TimeProvider timeProvider) : IUseCase
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <param name="view">Where it is listed ("page"), for the audit entry; null for the API.</param>
    public async Task<Outcome<IncidentLogResults>> ExecuteAsync(Actor actor, IncidentLogFilter filter, int defaultPageSize, string? view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(filter);
        bool keepsTheLog = IncidentPermissions.KeepsTheLog(actor, actor.AgencyId);
        if (!keepsTheLog && IncidentPermissions.ToReport(actor, actor.AgencyId) is not null)
        {
            return IncidentPermissions.ToKeepTheLog(actor, actor.AgencyId)!;
        }

        bool ownReportsOnly = filter.OwnReports || !keepsTheLog;

        FieldErrors errors = new();
        IncidentQuery? query = Parse(filter, actor.AgencyId, defaultPageSize, timeProvider.GetUtcNow(), errors);
        if (query is null)
        {
            return Outcome.Invalid(errors, "Some filters need correcting.");
        }

        if (ownReportsOnly)
        {
            // Staff see what they reported, nothing else; the filters still apply within it.
            query = query with { ReportedBy = actor.PersonId };
            view = view is null ? "own-reports" : view + " own-reports";
        }

        IncidentLogResults page;
        try
        {
            page = await store.ListAsync(query, cancellationToken);
        }
        catch (InvalidContinuationTokenException)
        {
            return Outcome.Invalid(FieldErrors.Of("continuationToken", "That page no longer exists; start again from the first page"), "The continuation token is not valid.");
        }

        await audit.RecordAsync(actor, query.AgencyId, AuditActions.List, "incident-log", view);
        return keepsTheLog ? page : page with { Items = page.Items.Select(ReadIncident.ForReporter).ToList() };
    }

    /// <summary>Reads the filters, with a field error for each bad value.</summary>
    /// <param name="now">For the "overdue referrals" filter.</param>
    public static IncidentQuery? Parse(IncidentLogFilter filter, string agencyId, int defaultPageSize, DateTimeOffset now, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(errors);
        IncidentStatus? status = null;
        if (filter.Status is { Length: > 0 } statusText)
        {
            if (WireNames.TryParse(statusText, out IncidentStatus parsed))
            {
                status = parsed;
            }
            else
            {
                errors.Add("status", "Status must be one of: " + string.Join(", ", WireNames.All<IncidentStatus>()));
            }
        }

        ResponseRoute? route = null;
        if (filter.Route is { Length: > 0 } routeText)
        {
            if (WireNames.TryParse(routeText, out ResponseRoute parsed))
            {
                route = parsed;
            }
            else
            {
                errors.Add("route", "Route must be one of: " + string.Join(", ", WireNames.All<ResponseRoute>()));
            }
        }

        bool? serious = YesNo(filter.Serious, "serious", errors);
        bool overdue = YesNo(filter.Overdue, "overdue", errors) == true;
        DateTimeOffset? from = Date(filter.From, "from", errors);
        DateTimeOffset? to = Date(filter.To, "to", errors);
        int pageSize = defaultPageSize;
        if (filter.PageSize is { Length: > 0 } sizeText
            && (!int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            errors.Add("pageSize", "pageSize must be a whole number from 1 to 200");
        }

        string? continuation = filter.ContinuationToken is { Length: > 0 } token ? token : null;
        if (continuation is { Length: > 2048 })
        {
            errors.Add("continuationToken", "The continuation token is not valid");
        }

        return errors.Any ? null : new IncidentQuery(
            agencyId, status, from, to, PageSize: pageSize, ContinuationToken: continuation, Route: route, Serious: serious, ReferralsOverdueAt: overdue ? now : null);
    }

    static bool? YesNo(string? text, string name, FieldErrors errors)
    {
        switch (text)
        {
            case null or "":
                return null;
            case "true":
                return true;
            case "false":
                return false;
            default:
                errors.Add(name, name + " must be true or false");
                return null;
        }
    }

    static DateTimeOffset? Date(string? text, string name, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset value))
        {
            return value;
        }

        errors.Add(name, name + " must be a date, for example 2026-11-01");
        return null;
    }
}

/// <summary>
/// The agency's whole log (every page of the filtered query), for the CSV the agency keeps for its records: the rows
/// come a page at a time as the caller writes them, so an export of any size holds every row and nothing gathers the
/// whole log in memory. Audited twice: before the first row leaves (so no export goes unrecorded, even if the process
/// dies half-way), and when the last has gone, with the number of rows (or where it stopped).
/// </summary>
public sealed class ExportIncidents(IIncidentStore store, AuditRecorder audit, TimeProvider timeProvider) : IUseCase
{
    /// <summary>Rows per read: the most a table query returns in one response.</summary>
    const int PageSize = 1000;

    public async Task<Outcome<IncidentExport>> ExecuteAsync(Actor actor, IncidentLogFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (IncidentPermissions.ToKeepTheLog(actor, actor.AgencyId) is { } denied)
        {
            return denied;
        }

        FieldErrors errors = new();
        IncidentQuery? query = ListIncidents.Parse(filter, actor.AgencyId, ListIncidents.MaxPageSize, timeProvider.GetUtcNow(), errors);
        if (query is null)
        {
            return Outcome.Invalid(errors, "Some filters need correcting.");
        }

        // The first page is read before anything is answered, so an outage is still a 503 rather than a cut-off file.
        IncidentQuery pages = query with { ContinuationToken = null, PageSize = PageSize };
        IncidentLogResults first = await store.ListAsync(pages, cancellationToken);
        await audit.RecordAsync(actor, query.AgencyId, AuditActions.Export, "incident-log", "csv");
        return new IncidentExport(this.RowsAsync(actor, pages, first, CancellationToken.None));
    }

    async IAsyncEnumerable<Incident> RowsAsync(Actor actor, IncidentQuery query, IncidentLogResults page, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long rows = 0;
        bool complete = false;
        try
        {
            while (true)
            {
                foreach (Incident incident in page.Items)
                {
                    rows++;
                    yield return incident;
                }

                if (page.ContinuationToken is null)
                {
                    break;
                }

                page = await store.ListAsync(query with { ContinuationToken = page.ContinuationToken }, cancellationToken);
            }

            complete = true;
        }
        finally
        {
            // Not cancellable: a download the client abandoned is recorded as far as it went.
            await audit.RecordAsync(actor, query.AgencyId, AuditActions.Export, "incident-log",
                string.Create(CultureInfo.InvariantCulture, $"csv rows={rows}{(complete ? string.Empty : " stopped")}"));
        }
    }
}

/// <param name="Rows">Newest first, read a page at a time while they are enumerated (once); cancel through <c>WithCancellation</c>.</param>
public sealed record IncidentExport(IAsyncEnumerable<Incident> Rows);
