using System.Globalization;
using System.Security.Cryptography;
using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Incidents;
using EsafetyServerless.Http.Security;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Incidents;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Http.Pages;

/// <summary>
/// The staff reporting form at <c>/report</c>: the flowchart's questions in plain language, GOV.UK Frontend, no
/// JavaScript needed. A hidden submission token makes a double-click or a resubmitted page create one incident.
/// </summary>
public static class ReportForm
{
    public const int PeopleSlots = 3;

    public static readonly GovukHtml.Option[] HowIdentifiedOptions =
    [
        new("disclosure", "Someone told me (a disclosure)", "For example a child, parent or colleague told you about it"),
        new("observed", "I saw it happen"),
        new("monitoring-alert", "A network monitoring alert"),
        new("filtering-report", "A web filtering report"),
        new("complaint", "A complaint"),
        new("other", "Another way"),
    ];

    public static readonly GovukHtml.Option[] RoleOptions =
    [
        new("child", "Child or young person"),
        new("staff", "Member of staff"),
        new("volunteer", "Volunteer"),
        new("parent-carer", "Parent or carer"),
        new("other", "Someone else"),
    ];

    public static readonly GovukHtml.Option[] IllegalKindOptions =
    [
        new("indecent-images-of-children", "Indecent images of children"),
        new("grooming-or-sexual-exploitation", "Grooming or sexual exploitation of a child"),
        new("extremism-or-hate", "Extremism, terrorism or inciting racial hatred"),
        new("other-criminal", "Other criminal activity"),
    ];

    public static readonly GovukHtml.Option[] LadoOptions =
    [
        new("harmed-a-child", "They have harmed, or may have harmed, a child"),
        new("criminal-offence", "They may have committed a criminal offence against or related to a child"),
        new("risk-of-harm", "They behaved towards a child in a way that suggests they may pose a risk of harm"),
        new("unsuitable-to-work-with-children", "They behaved in a way that suggests they may not be suitable to work with children"),
    ];

    static readonly GovukHtml.Option[] YesNo = [new("yes", "Yes"), new("no", "No")];

    /// <summary>Maps the rules' field names to the ids of the form's inputs, for the error summary links.</summary>
    public static string FieldId(string field) => field switch
    {
        "occurredAt" => "occurred-day",
        "howIdentified" => "how-identified",
        "concerns" or "concerns.illegalSuspected" => "illegal-suspected",
        "concerns.illegalKinds" => "illegal-kinds",
        "concerns.publicWebUrl" => "public-web-url",
        "concerns.staffInvolved" => "staff-involved",
        "concerns.ladoThreshold" => "lado-threshold",
        "concerns.childAtRiskOfSignificantHarm" => "child-at-risk",
        "concerns.urgent" => "urgent",
        _ when field.StartsWith("peopleInvolved[", StringComparison.Ordinal) =>
            "person-" + field[15..field.IndexOf(']', StringComparison.Ordinal)] + "-" + field[(field.IndexOf('.', StringComparison.Ordinal) + 1)..] switch
            {
                "dateOfBirth" => "dob",
                var other => other,
            },
        _ => field,
    };

    public static string NewSubmissionToken() => "form-" + RandomNumberGenerator.GetHexString(32, lowercase: true);

    public static string Render(IFormCollection? form, FieldErrors? errors, string submissionToken)
    {
        string V(string name) => form?[name].ToString() ?? string.Empty;
        HashSet<string> Set(string name) => form is null ? [] : form[name].Where(v => v is not null).Select(v => v!).ToHashSet(StringComparer.Ordinal);
        Dictionary<string, string> byId = errors?.All.GroupBy(e => FieldId(e.Field)).ToDictionary(g => g.Key, g => g.First().Message) ?? [];
        string? E(string id) => byId.GetValueOrDefault(id);

        Html html = new Html()
            .Raw("<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">")
            .Raw(GovukHtml.ErrorSummary(byId.Select(e => (e.Key, e.Value))))
            .Raw("<h1 class=\"govuk-heading-xl\">Report an e-safety incident</h1>")
            .Raw("<p class=\"govuk-body\">Tell us what happened. Your e-safety officer is told as soon as you send this.</p>")
            .Raw("<div class=\"govuk-inset-text\">If a child is in immediate danger, call 999 now, then come back and report it.</div>")
            .Raw(GovukHtml.WarningText("Never attach, copy, screenshot, print or forward images of children, even as evidence. Describe what you saw instead; the IT technician will secure the device."))
            .Raw("<form method=\"post\" action=\"/report\" novalidate>")
            .Raw("<input type=\"hidden\" name=\"submissionToken\" value=\"").Text(submissionToken).Raw("\">");

        // When: the GOV.UK date input, plus a time.
        string? whenError = E("occurred-day");
        html.Raw("<div class=\"").Raw(whenError is null ? "govuk-form-group" : "govuk-form-group govuk-form-group--error").Raw("\">")
            .Raw("<fieldset class=\"govuk-fieldset\" role=\"group\" aria-describedby=\"occurred-hint").Raw(whenError is null ? string.Empty : " occurred-day-error").Raw("\">")
            .Raw("<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--m\">When did it happen?</legend>")
            .Raw("<div id=\"occurred-hint\" class=\"govuk-hint\">For example, 20 11 2026 and 14:05. Your best guess is fine.</div>");
        if (whenError is not null)
        {
            html.Raw("<p id=\"occurred-day-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> ").Text(whenError).Raw("</p>");
        }

        html.Raw("<div class=\"govuk-date-input\" id=\"occurred\">");
        foreach ((string part, string label, string width) in new[] { ("day", "Day", "2"), ("month", "Month", "2"), ("year", "Year", "4") })
        {
            string id = "occurred-" + part;
            html.Raw("<div class=\"govuk-date-input__item\"><div class=\"govuk-form-group\"><label class=\"govuk-label govuk-date-input__label\" for=\"").Text(id).Raw("\">").Raw(label).Raw("</label>")
                .Raw("<input class=\"govuk-input govuk-date-input__input govuk-input--width-").Raw(width).Raw(whenError is null ? string.Empty : " govuk-input--error")
                .Raw("\" id=\"").Text(id).Raw("\" name=\"").Text(id).Raw("\" type=\"text\" inputmode=\"numeric\" value=\"").Text(V(id)).Raw("\"></div></div>");
        }

        html.Raw("<div class=\"govuk-date-input__item\"><div class=\"govuk-form-group\"><label class=\"govuk-label govuk-date-input__label\" for=\"occurred-time\">Time</label>")
            .Raw("<input class=\"govuk-input govuk-date-input__input govuk-input--width-4").Raw(whenError is null ? string.Empty : " govuk-input--error")
            .Raw("\" id=\"occurred-time\" name=\"occurred-time\" type=\"text\" value=\"").Text(V("occurred-time")).Raw("\"></div></div>")
            .Raw("</div></fieldset></div>");

        html.Raw(GovukHtml.Textarea("description", "description", "What happened?", V("description"), E("description"),
                "Say what you saw or were told, in your own words. Include names if you know them.", labelIsHeading: true))
            .Raw(GovukHtml.Choices("radio", "how-identified", "howIdentified", "How did it come to light?", HowIdentifiedOptions, Set("howIdentified"), E("how-identified")))
            .Raw(GovukHtml.TextInput("technology", "technology", "Which device, app or website was involved? (optional)", V("technology"), E("technology"),
                "For example, a school laptop, a class chat app or a social media site"));

        html.Raw("<h2 class=\"govuk-heading-m\">Who was involved?</h2>")
            .Raw("<p class=\"govuk-body\">Add up to three people. Describe anyone else in what happened.</p>");
        for (int i = 0; i < PeopleSlots; i++)
        {
            string p = "person-" + i.ToString(CultureInfo.InvariantCulture);
            html.Raw("<fieldset class=\"govuk-fieldset govuk-!-margin-bottom-6\"><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">Person ")
                .Raw((i + 1).ToString(CultureInfo.InvariantCulture)).Raw("</legend>")
                .Raw(GovukHtml.TextInput(p + "-name", p + "-name", "Name, or how they are known", V(p + "-name"), E(p + "-name"), inputClass: "govuk-!-width-two-thirds"))
                .Raw(GovukHtml.Select(p + "-role", p + "-role", "Who are they?", RoleOptions.Prepend(new GovukHtml.Option(string.Empty, "Choose")), V(p + "-role"), E(p + "-role")))
                .Raw(GovukHtml.TextInput(p + "-dob", p + "-dob", "Date of birth (optional)", V(p + "-dob"), E(p + "-dob"), "For example, 27/3/2014", "govuk-input--width-10"))
                .Raw(GovukHtml.Choices("checkbox", p + "-part", p + "-part", "Their part in it (optional)",
                    [new("victim", "They were harmed or targeted"), new("instigator", "They caused it")], Set(p + "-part"), null, legendSize: "s"))
                .Raw("</fieldset>");
        }

        html.Raw("<h2 class=\"govuk-heading-l\">About the incident</h2>")
            .Raw(ConcernsFields(form, errors))
            .Raw("<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Send report</button>")
            .Raw("</form></div></div>");
        return html.ToString();
    }

    /// <summary>The flowchart's questions (DOMAIN.md §3): on the report form, and on an emailed report's triage form.</summary>
    public static string ConcernsFields(IFormCollection? form, FieldErrors? errors)
    {
        string V(string name) => form?[name].ToString() ?? string.Empty;
        HashSet<string> Set(string name) => form is null ? [] : form[name].Where(v => v is not null).Select(v => v!).ToHashSet(StringComparer.Ordinal);
        Dictionary<string, string> byId = errors?.All.GroupBy(e => FieldId(e.Field)).ToDictionary(g => g.Key, g => g.First().Message) ?? [];
        string? E(string id) => byId.GetValueOrDefault(id);
        return new Html()
            .Raw(GovukHtml.Choices("radio", "illegal-suspected", "illegalSuspected", "Do you think this may be illegal?", YesNo, Set("illegalSuspected"), E("illegal-suspected"),
                "For example indecent images of children, grooming, extremist material or another crime", inline: true))
            .Raw(GovukHtml.Choices("checkbox", "illegal-kinds", "illegalKinds", "If yes, what do you think it is?", IllegalKindOptions, Set("illegalKinds"), E("illegal-kinds"), "Select all that apply", legendSize: "s"))
            .Raw(GovukHtml.TextInput("public-web-url", "publicWebUrl", "If you saw it on a public website, what was the web address? (optional)", V("publicWebUrl"), E("public-web-url"),
                "Type the address; do not visit the site again", "govuk-!-width-full"))
            .Raw(GovukHtml.Choices("radio", "staff-involved", "staffInvolved", "Does it involve a member of staff or a volunteer?", YesNo, Set("staffInvolved"), E("staff-involved"), inline: true))
            .Raw(GovukHtml.Choices("checkbox", "lado-threshold", "ladoThreshold", "If yes, has the member of staff or volunteer done any of these?", LadoOptions, Set("ladoThreshold"), E("lado-threshold"), "Select all that apply", legendSize: "s"))
            .Raw(GovukHtml.Choices("radio", "child-at-risk", "childAtRisk", "Do you think a child is at risk of significant harm?", YesNo, Set("childAtRisk"), E("child-at-risk"),
                "For example, the child may be hurt, abused or neglected", inline: true))
            .Raw(GovukHtml.Choices("radio", "urgent", "urgent", "Does something need to happen today?", YesNo, Set("urgent"), E("urgent"), inline: true))
            .ToString();
    }

    /// <summary>Reads the flowchart's answers from a posted form; a missing yes/no is an error naming the question.</summary>
    public static ConcernsDraft ReadConcerns(IFormCollection form, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(errors);
        bool YesNoAnswer(string name, string field, string message)
        {
            string answer = form[name].ToString();
            if (answer is not ("yes" or "no"))
            {
                errors.Add(field, message);
            }

            return answer == "yes";
        }

        return new ConcernsDraft(
            YesNoAnswer("illegalSuspected", "concerns.illegalSuspected", "Select yes if you think this may be illegal"),
            form["illegalKinds"].Where(v => v is not null).Select(v => v!).ToList(),
            form["publicWebUrl"].ToString(),
            YesNoAnswer("staffInvolved", "concerns.staffInvolved", "Select yes if a member of staff or a volunteer is involved"),
            form["ladoThreshold"].Where(v => v is not null).Select(v => v!).ToList(),
            YesNoAnswer("childAtRisk", "concerns.childAtRiskOfSignificantHarm", "Select yes if you think a child is at risk of significant harm"),
            YesNoAnswer("urgent", "concerns.urgent", "Select yes if something needs to happen today"));
    }

    /// <summary>Reads the posted form into a draft; adds errors for what only the form can get wrong (date parts, yes/no).</summary>
    public static IncidentDraft ToDraft(IFormCollection form, string agencyId, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(errors);
        string occurredAt = string.Empty;
        string day = form["occurred-day"].ToString().Trim(), month = form["occurred-month"].ToString().Trim(), year = form["occurred-year"].ToString().Trim();
        string time = form["occurred-time"].ToString().Trim();
        if (day.Length + month.Length + year.Length > 0)
        {
            if (int.TryParse(day, NumberStyles.None, CultureInfo.InvariantCulture, out int d) && int.TryParse(month, NumberStyles.None, CultureInfo.InvariantCulture, out int m)
                && int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out int y) && y is >= 1 and <= 9999 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m)
                && (time.Length == 0 || TimeOnly.TryParseExact(time, ["H:mm", "HH:mm", "H.mm", "HH.mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
            {
                TimeOnly at = time.Length == 0 ? TimeOnly.MinValue : TimeOnly.ParseExact(time.Replace('.', ':'), ["H:mm", "HH:mm"], CultureInfo.InvariantCulture);
                // Times on the form are UK local time.
                DateTime local = new DateOnly(y, m, d).ToDateTime(at);
                occurredAt = new DateTimeOffset(local, UkTime.OffsetAt(local)).ToString("O", CultureInfo.InvariantCulture);
            }
            else
            {
                errors.Add("occurredAt", "When it happened must be a real date, and the time like 14:05");
                occurredAt = "invalid";
            }
        }

        List<PersonDraft> people = [];
        for (int i = 0; i < PeopleSlots; i++)
        {
            string p = "person-" + i.ToString(CultureInfo.InvariantCulture);
            string name = form[p + "-name"].ToString(), role = form[p + "-role"].ToString(), dob = form[p + "-dob"].ToString().Trim();
            HashSet<string> part = form[p + "-part"].Where(v => v is not null).Select(v => v!).ToHashSet(StringComparer.Ordinal);
            if (name.Length + role.Length + dob.Length + part.Count == 0)
            {
                continue;
            }

            string? isoDob = null;
            if (dob.Length > 0)
            {
                isoDob = DateOnly.TryParseExact(dob, ["d/M/yyyy", "d M yyyy", "d-M-yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly parsed)
                    ? parsed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                    : dob;
            }

            people.Add(new PersonDraft(role.Length == 0 ? null : role, name, isoDob, part.Contains("victim"), part.Contains("instigator")));
        }

        ConcernsDraft concerns = ReadConcerns(form, errors);

        return new IncidentDraft(agencyId, occurredAt, form["description"].ToString(), form["howIdentified"].ToString() is { Length: > 0 } h ? h : null,
            form["technology"].ToString(), people, concerns);
    }
}

/// <summary>UK local time (GMT/BST) for dates typed on forms; falls back to UTC where the zone database is missing.</summary>
public static class UkTime
{
    static readonly TimeZoneInfo Zone = Find();

    public static TimeSpan OffsetAt(DateTime local) => Zone.GetUtcOffset(local);

    static TimeZoneInfo Find()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}

/// <summary><c>GET /report</c>.</summary>
[Endpoint("GET", "report", Roles.AgencyMembers)]
public sealed class ReportFormPageEndpoint : IEndpointHandler
{
    public Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(Layout.Page("Report an e-safety incident", ReportForm.Render(null, null, ReportForm.NewSubmissionToken()), request.SignedIn));
    }
}

/// <summary><c>POST /report</c>: validates, shows the form again with a GOV.UK error summary, or saves and confirms.</summary>
[Endpoint("POST", "report", Roles.AgencyMembers)]
public sealed class SubmitReportFormEndpoint(IIncidentStore store, AuditRecorder audit, TimeProvider timeProvider) : IEndpointHandler
{
    static readonly FormOptions Limits = new() { ValueCountLimit = 200, ValueLengthLimit = 64 * 1024, KeyLengthLimit = 256, BufferBodyLengthLimit = 512 * 1024 };

    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Request.HasFormContentType || request.Request.ContentType!.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            return ErrorPages.Problem(StatusCodes.Status415UnsupportedMediaType, "Send the form from this service's own page.");
        }

        if (request.Request.ContentLength > Limits.BufferBodyLengthLimit)
        {
            return ErrorPages.Problem(StatusCodes.Status413PayloadTooLarge, "The report is too long to send. Shorten the description and try again.");
        }

        request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request.Request, Limits));
        IFormCollection form;
        try
        {
            form = await request.Request.ReadFormAsync(request.Aborted);
        }
        catch (InvalidDataException)
        {
            return ErrorPages.Problem(StatusCodes.Status413PayloadTooLarge, "The report is too long to send. Shorten the description and try again.");
        }

        Actor actor = request.SignedIn;
        string token = form["submissionToken"].ToString();
        if (token.Length is < 10 or > 100 || !token.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            token = ReportForm.NewSubmissionToken();
        }

        FieldErrors errors = new();
        IncidentDraft draft = ReportForm.ToDraft(form, actor.AgencyId, errors);
        DateTimeOffset now = timeProvider.GetUtcNow();
        IncidentReport? report = IncidentValidation.Validate(draft, now, concernsRequired: true, errors);
        if (report is null || errors.Any)
        {
            return Layout.Page("Error: Report an e-safety incident", ReportForm.Render(form, errors, token), actor, StatusCodes.Status400BadRequest);
        }

        IncidentSaved saved = await IncidentIntake.SubmitAsync(store, request, actor.AgencyId, report, IncidentSource.Form, IncidentStatus.Reported, token, now);
        if (saved.Created)
        {
            await audit.RecordAsync(request.SignedIn, saved.Incident.AgencyId, AuditActions.Create, saved.Incident.IncidentId, "source=form");
        }

        await IncidentIntake.EnsureResponseStartedAsync(request.Signals, saved.Incident.IncidentId, request.Aborted);
        return Results.Redirect($"/report/{saved.Incident.IncidentId}/confirmation", permanent: false, preserveMethod: false);
    }
}

/// <summary><c>GET /report/{incidentId}/confirmation</c>: the reference, for the person who reported it.</summary>
[Endpoint("GET", "report/{incidentId}/confirmation", Roles.AgencyMembers)]
public sealed class ReportConfirmationPageEndpoint(IIncidentStore store) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Incident? incident = await store.FindAsync(request.RouteValue("incidentId"), request.Aborted);
        if (incident is null || !IncidentAccess.CanRead(request.SignedIn, incident))
        {
            return ErrorPages.Problem(StatusCodes.Status404NotFound, "We could not find that report.");
        }

        Html html = new Html()
            .Raw("<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">")
            .Raw("<div class=\"govuk-panel govuk-panel--confirmation\"><h1 class=\"govuk-panel__title\">Report sent</h1>")
            .Raw("<div class=\"govuk-panel__body\">Your reference is<br><strong id=\"reference\">").Text(incident.Reference).Raw("</strong></div></div>")
            .Raw("<h2 class=\"govuk-heading-m\">What happens next</h2>")
            .Raw("<p class=\"govuk-body\">Your e-safety officer has been told and will decide what to do. They may contact you for more detail.</p>")
            .Raw("<p class=\"govuk-body\">Do not investigate further yourself, and do not delete, copy or forward anything on the device involved.</p>")
            .Raw("<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/report\">Report another incident</a></p>")
            .Raw("</div></div>");
        return Layout.Page("Report sent", html.ToString(), request.SignedIn);
    }
}
