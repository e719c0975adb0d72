using System.Globalization;
using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Pages;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Registers;
using EsafetyServerless.Workflows.Reviews;
using EsafetyServerless.Workflows.Tasks;
using Microsoft.AspNetCore.Http;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Http.Reviews;

/// <summary>
/// The "add to the register" form of each kind (<c>/agencies/{agencyId}/add/{kind}</c>, kind = officer, aup, policy,
/// tech, filtering, training): the same validation as the API, errors shown the GOV.UK way, no JavaScript.
/// </summary>
public static class RegisterForm
{
    public static RegisterKind? KindOf(string slug) =>
        Enum.GetValues<RegisterKind>().Where(k => ReviewCycle.Prefix(k) == slug).Select(k => (RegisterKind?)k).FirstOrDefault();

    public static async Task<IResult> RenderAsync(EndpointRequest request, string agencyId, RegisterKind kind, IPeopleDirectory directory, FieldErrors errors, IFormCollection? form)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(errors);
        IReadOnlyList<Person> people = await directory.ListPeopleAsync(agencyId, request.Aborted);
        List<GovukHtml.Option> personOptions = [new(string.Empty, "Choose a person"), .. people.Select(p => new GovukHtml.Option(p.PersonId, p.DisplayName + " (" + RoleNames.Describe(p.Role) + ")"))];
        string V(string name) => form?[name].ToString() ?? string.Empty;
        string? E(string name) => errors.All.Where(e => e.Field == name).Select(e => e.Message).FirstOrDefault();
        ISet<string> Checked(string name) => (form?[name].Select(v => v ?? string.Empty) ?? []).ToHashSet(StringComparer.Ordinal);
        string heading = RegisterHtml.Sections.First(s => s.Kind == kind).Heading;
        Html html = new Html().Raw(GovukHtml.ErrorSummary(errors.All.Select(e => (e.Field, e.Message))))
            .Raw("<span class=\"govuk-caption-l\">").Text(heading).Raw("</span><h1 class=\"govuk-heading-xl\">Add to the register</h1>")
            .Raw("<form method=\"post\" action=\"/agencies/").Text(agencyId).Raw("/add/").Text(ReviewCycle.Prefix(kind)).Raw("\" novalidate>")
            .Raw(GovukHtml.TextInput("title", "title", "Title", V("title"), E("title"), "For example, Staff acceptable use policy"));
        switch (kind)
        {
            case RegisterKind.OfficerAppointment:
                html.Raw(GovukHtml.Select("officer.personId", "officer.personId", "E-safety officer", personOptions, V("officer.personId"), E("officer.personId")))
                    .Raw(GovukHtml.TextInput("officer.since", "officer.since", "Appointed since", V("officer.since"), E("officer.since"), "For example, 2026-09-01", "govuk-input--width-10"))
                    .Raw(GovukHtml.Textarea("officer.trainingHeld", "officer.trainingHeld", "Training held", V("officer.trainingHeld"), E("officer.trainingHeld"), "One course per line, for example CEOP ambassador course", 3));
                break;
            case RegisterKind.Aup:
                html.Raw(GovukHtml.Choices("radio", "aup.audience", "aup.audience", "Audience", [new("staff", "Staff"), new("children", "Children"), new("parents-carers", "Parents and carers")], Checked("aup.audience"), E("aup.audience"), inline: true, legendSize: "s"))
                    .Raw(GovukHtml.TextInput("aup.ageGroup", "aup.ageGroup", "Age group (children's AUPs)", V("aup.ageGroup"), E("aup.ageGroup"), "For example, 7-11", "govuk-input--width-10"))
                    .Raw(GovukHtml.TextInput("aup.version", "aup.version", "Version", V("aup.version"), E("aup.version"), null, "govuk-input--width-10"))
                    .Raw(GovukHtml.Textarea("aup.technologiesCovered", "aup.technologiesCovered", "Technologies covered", V("aup.technologiesCovered"), E("aup.technologiesCovered"), "One per line, as named in the technology inventory", 4))
                    .Raw(GovukHtml.Choices("checkbox", "aup.states", "aup.states", "The AUP states", [new("sanctions", "The sanctions"), new("monitoring", "The monitoring")], Checked("aup.states"), E("aup.statesSanctions") ?? E("aup.statesMonitoring"), legendSize: "s"));
                break;
            case RegisterKind.Policy:
                html.Raw(GovukHtml.Select("policy.policyKind", "policy.policyKind", "Kind of policy",
                    [new("esafety-policy", "E-safety policy"), new("incident-response", "Incident response"), new("data-protection", "Data protection"), new("safeguarding", "Safeguarding"), new("other", "Other")], V("policy.policyKind"), E("policy.policyKind")));
                break;
            case RegisterKind.Technology:
                html.Raw(GovukHtml.Choices("radio", "technology.childrenCanAccess", "technology.childrenCanAccess", "Can children access it?", [new("yes", "Yes"), new("no", "No")], Checked("technology.childrenCanAccess"), E("technology.childrenCanAccess"), inline: true, legendSize: "s"))
                    .Raw("<h2 class=\"govuk-heading-m\">Risk assessment</h2><p class=\"govuk-body\">Leave empty to assess it later: the e-safety officer gets a task.</p>")
                    .Raw(GovukHtml.Textarea("technology.riskAssessment.risks", "technology.riskAssessment.risks", "Risks", V("technology.riskAssessment.risks"), E("technology.riskAssessment.risks"), "One per line", 3))
                    .Raw(GovukHtml.Textarea("technology.riskAssessment.mitigations", "technology.riskAssessment.mitigations", "Mitigations", V("technology.riskAssessment.mitigations"), E("technology.riskAssessment.mitigations"), "One per line", 3))
                    .Raw(GovukHtml.Textarea("technology.riskAssessment.emergingIssues", "technology.riskAssessment.emergingIssues", "Emerging issues", V("technology.riskAssessment.emergingIssues"), E("technology.riskAssessment.emergingIssues"), "One per line", 3))
                    .Raw(GovukHtml.Select("technology.riskAssessment.ownerPersonId", "technology.riskAssessment.ownerPersonId", "Who owns the assessment", personOptions, V("technology.riskAssessment.ownerPersonId"), E("technology.riskAssessment.ownerPersonId")));
                break;
            case RegisterKind.Filtering:
                html.Raw(GovukHtml.TextInput("filtering.provider", "filtering.provider", "Filtering provider", V("filtering.provider"), E("filtering.provider")))
                    .Raw(GovukHtml.TextInput("filtering.accreditation", "filtering.accreditation", "Accreditation", V("filtering.accreditation"), E("filtering.accreditation")))
                    .Raw(GovukHtml.Choices("checkbox", "filtering.flags", "filtering.flags", "In place", [new("iwf", "Subscribed to the IWF URL list"), new("monitoring", "Network monitoring")], Checked("filtering.flags"), null, legendSize: "s"))
                    .Raw(GovukHtml.TextInput("filtering.lastEffectivenessReview", "filtering.lastEffectivenessReview", "Last effectiveness review", V("filtering.lastEffectivenessReview"), E("filtering.lastEffectivenessReview"), "For example, 2026-10-15", "govuk-input--width-10"));
                break;
            case RegisterKind.Training:
                html.Raw(GovukHtml.Select("training.role", "training.role", "Role", Enum.GetValues<TrainingRole>().Select(r => new GovukHtml.Option(WireNames.Of(r), WireNames.Of(r).Replace('-', ' '))), V("training.role"), E("training.role")))
                    .Raw(GovukHtml.TextInput("training.trainee", "training.trainee", "Person or group trained", V("training.trainee"), E("training.trainee"), "A person's id for staff (for example omar.officer), or a group such as Year 5"))
                    .Raw(GovukHtml.TextInput("training.course", "training.course", "Course", V("training.course"), E("training.course")))
                    .Raw(GovukHtml.TextInput("training.provider", "training.provider", "Provider", V("training.provider"), E("training.provider")))
                    .Raw(GovukHtml.TextInput("training.completedOn", "training.completedOn", "Completed on", V("training.completedOn"), E("training.completedOn"), "For example, 2026-10-15", "govuk-input--width-10"));
                break;
        }

        html.Raw("<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Add</button></form>")
            .Raw("<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/agencies/").Text(agencyId).Raw("/registers\">Back to the registers</a></p>");
        return Layout.Page("Add to the register", html.ToString(), request.SignedIn, errors.Any ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);
    }

    /// <summary>The form's fields as the API's draft; unreadable dates become field errors.</summary>
    public static RegisterItemDraft Read(IFormCollection form, RegisterKind kind, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(form);
        string V(string name) => form[name].ToString().Trim();
        string? Optional(string name) => V(name) is { Length: > 0 } value ? value : null;
        string[] Lines(string name) => form[name].ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        bool Has(string name, string value) => form[name].Contains(value);
        DateOnly? Date(string name)
        {
            if (V(name).Length == 0)
            {
                return null;
            }

            if (DateOnly.TryParseExact(V(name), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date))
            {
                return date;
            }

            errors.Add(name, "Enter a date like 2026-10-15");
            return null;
        }

        return kind switch
        {
            RegisterKind.OfficerAppointment => Draft(form, kind) with { Officer = new OfficerAppointment(V("officer.personId"), Date("officer.since") ?? default, Lines("officer.trainingHeld")) },
            RegisterKind.Aup => Draft(form, kind) with
            {
                Aup = new AupDraft(WireNames.TryParse(V("aup.audience"), out AupAudience audience) ? audience : null, Optional("aup.ageGroup"), Optional("aup.version"),
                    Lines("aup.technologiesCovered"), Has("aup.states", "sanctions"), Has("aup.states", "monitoring")),
            },
            RegisterKind.Policy => Draft(form, kind) with { Policy = new PolicyDetails(WireNames.TryParse(V("policy.policyKind"), out PolicyKind policyKind) ? policyKind : PolicyKind.Other) },
            RegisterKind.Technology => Draft(form, kind) with
            {
                Technology = new TechnologyDetails(V("technology.childrenCanAccess") == "yes",
                    Lines("technology.riskAssessment.risks").Length + Lines("technology.riskAssessment.mitigations").Length == 0 ? null
                    : new RiskAssessment(Lines("technology.riskAssessment.risks"), Lines("technology.riskAssessment.mitigations"), Lines("technology.riskAssessment.emergingIssues"), V("technology.riskAssessment.ownerPersonId"))),
            },
            RegisterKind.Filtering => Draft(form, kind) with
            {
                Filtering = new FilteringDetails(V("filtering.provider"), Has("filtering.flags", "iwf"), Optional("filtering.accreditation"), Has("filtering.flags", "monitoring"), Date("filtering.lastEffectivenessReview")),
            },
            _ => Draft(form, kind) with
            {
                Training = new TrainingDetails(WireNames.TryParse(V("training.role"), out TrainingRole role) ? role : TrainingRole.OtherStaff, V("training.trainee"), V("training.course"), Date("training.completedOn") ?? default, V("training.provider")),
            },
        };
    }

    static RegisterItemDraft Draft(IFormCollection form, RegisterKind kind) => new(kind, form["title"].ToString().Trim(), null, null, null, null, null, null, null, null);
}

/// <summary><c>GET /agencies/{agencyId}/add/{kind}</c>: the form.</summary>
[Endpoint("GET", "agencies/{agencyId}/add/{kind}", Roles.EsafetyLeads | Roles.Technician)]
public sealed class AddRegisterItemPageEndpoint(IPeopleDirectory directory) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string agencyId = request.RouteValue("agencyId");
        if (RegisterAccess.Denied(request.SignedIn, agencyId) is not null)
        {
            return LegacyErrorPages.Forbidden("You can use only your own agency's registers.");
        }

        if (RegisterForm.KindOf(request.RouteValue("kind")) is not { } kind)
        {
            return LegacyErrorPages.Problem(StatusCodes.Status404NotFound, "There is no such register.");
        }

        return !RegisterAccess.MayWrite(request.SignedIn.Role, kind)
            ? LegacyErrorPages.Forbidden("Your role cannot record this kind of register item.")
            : await RegisterForm.RenderAsync(request, agencyId, kind, directory, new FieldErrors(), null);
    }
}

/// <summary><c>POST /agencies/{agencyId}/add/{kind}</c>: records the item (audited) and shows it, or shows the form again with its errors.</summary>
[Endpoint("POST", "agencies/{agencyId}/add/{kind}", Roles.EsafetyLeads | Roles.Technician)]
public sealed class SubmitRegisterItemFormEndpoint(IRegisterStore registers, ITaskStore tasks, IPeopleDirectory directory, AuditRecorder audit, TimeProvider timeProvider) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string agencyId = request.RouteValue("agencyId");
        if (RegisterAccess.Denied(request.SignedIn, agencyId) is not null)
        {
            return LegacyErrorPages.Forbidden("You can use only your own agency's registers.");
        }

        if (RegisterForm.KindOf(request.RouteValue("kind")) is not { } kind)
        {
            return LegacyErrorPages.Problem(StatusCodes.Status404NotFound, "There is no such register.");
        }

        if (!RegisterAccess.MayWrite(request.SignedIn.Role, kind))
        {
            return LegacyErrorPages.Forbidden("Your role cannot record this kind of register item.");
        }

        IFormCollection form = await request.Request.ReadFormAsync(request.Aborted);
        FieldErrors errors = new();
        RegisterItemDraft draft = RegisterForm.Read(form, kind, errors);
        DateTimeOffset now = timeProvider.GetUtcNow();
        RegisterItem? item = RegisterValidation.ToItem(draft, null, agencyId, request.SignedIn.Person.PersonId, now, await RegisterAccess.PeopleAsync(directory, agencyId, request.Aborted), errors);
        if (item is null || errors.Any)
        {
            return await RegisterForm.RenderAsync(request, agencyId, kind, directory, errors, form);
        }

        await registers.CreateAsync(item, request.Aborted);
        await audit.RecordAsync(request.SignedIn, agencyId, AuditActions.Create, item.ItemId, "kind=" + WireNames.Of(item.Kind));
        if (item.Kind == RegisterKind.Technology)
        {
            await NewTechnology.RespondAsync(registers, tasks, item, now, request.Aborted);
        }

        return Results.Redirect(ReviewTexts.Link(item), permanent: false);
    }
}
