using System.Globalization;
using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Pages;
using EsafetyServerless.Http.Pages.Govuk;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Registers;
using EsafetyServerless.Workflows.Reviews;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace EsafetyServerless.Http.Reviews;

/// <summary>
/// The registers' forms: their choices, and each form's fields read into the same draft the API takes (the use case
/// validates both the same way). Lists are typed one per line; dates as 2026-10-15.
/// </summary>
public static class RegisterForms
{
    public static readonly Choice[] Audiences = [new("staff", "Staff"), new("children", "Children"), new("parents-carers", "Parents and carers")];

    public static readonly Choice[] AupStatements = [new("sanctions", "The sanctions"), new("monitoring", "The monitoring")];

    public static readonly Choice[] PolicyKinds =
    [
        new("esafety-policy", "E-safety policy"), new("incident-response", "Incident response"), new("data-protection", "Data protection"),
        new("safeguarding", "Safeguarding"), new("other", "Other"),
    ];

    public static readonly Choice[] YesNo = [new("yes", "Yes"), new("no", "No")];

    public static readonly Choice[] FilteringFlags = [new("iwf", "Subscribed to the IWF URL list"), new("monitoring", "Network monitoring")];

    /// <summary>The groups the standard says are trained, in its words.</summary>
    public static readonly Choice[] TrainingRoles =
    [
        new(WireNames.Of(TrainingRole.LeadersManagers), "Leaders and managers"),
        new(WireNames.Of(TrainingRole.EsafetyOfficer), "E-safety officer"),
        new(WireNames.Of(TrainingRole.Educators), "Teachers and other educators"),
        new(WireNames.Of(TrainingRole.TechnicalStaff), "Technical staff"),
        new(WireNames.Of(TrainingRole.OtherStaff), "Other staff and volunteers"),
        new(WireNames.Of(TrainingRole.Children), "Children and young people"),
        new(WireNames.Of(TrainingRole.ParentsCarers), "Parents and carers"),
    ];

    public static readonly Choice[] Stakeholders =
        [new("staff", "Staff"), new("volunteers", "Volunteers"), new("children", "Children"), new("parents and carers", "Parents and carers")];

    public static readonly Choice[] SignedByChoices = [new("self", "Themselves"), new("carer", "Their parent or carer")];

    /// <summary>A person select's options: a prompt, then each person with their role.</summary>
    public static IReadOnlyList<Choice> People(IEnumerable<Person> people) =>
        [new(string.Empty, "Choose a person"), .. people.Select(p => new Choice(p.PersonId, p.DisplayName + " (" + Navigation.Describe(p.Roles) + ")"))];

    /// <summary>The title's hint on each kind's form: an example of that kind, not of another.</summary>
    public static string TitleHint(RegisterKind kind) => kind switch
    {
        RegisterKind.OfficerAppointment => "For example, E-safety officer appointment 2026",
        RegisterKind.Aup => "For example, Staff acceptable use policy",
        RegisterKind.Policy => "For example, E-safety policy",
        RegisterKind.Technology => "The device, app or service, for example Class messaging app",
        RegisterKind.Filtering => "For example, School web filtering",
        _ => "For example, CEOP training for the e-safety officer",
    };

    /// <summary>The add form filled from an item, to change it: each field as the form names it, lists one per line.</summary>
    public static FormCollection Filled(RegisterItem item, IEnumerable<Person> people)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(people);
        static string Day(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;
        static string Joined(IEnumerable<string> lines) => string.Join("\n", lines);
        Dictionary<string, StringValues> v = new(StringComparer.Ordinal) { ["title"] = item.Title };
        if (item.Officer is { } officer)
        {
            v["officer.personId"] = officer.PersonId;
            v["officer.since"] = Day(officer.Since);
            v["officer.trainingHeld"] = Joined(officer.TrainingHeld);
        }

        if (item.Aup is { } aup)
        {
            v["aup.audience"] = WireNames.Of(aup.Audience);
            v["aup.ageGroup"] = aup.AgeGroup ?? string.Empty;
            v["aup.version"] = aup.Version;
            v["aup.technologiesCovered"] = Joined(aup.TechnologiesCovered);
            v["aup.states"] = new StringValues([.. aup.StatesSanctions ? ["sanctions"] : Array.Empty<string>(), .. aup.StatesMonitoring ? ["monitoring"] : Array.Empty<string>()]);
        }

        if (item.Policy is { } policy)
        {
            v["policy.policyKind"] = WireNames.Of(policy.PolicyKind);
        }

        if (item.Technology is { } technology)
        {
            v["technology.childrenCanAccess"] = technology.ChildrenCanAccess ? "yes" : "no";
            if (technology.RiskAssessment is { } risk)
            {
                v["technology.riskAssessment.risks"] = Joined(risk.Risks);
                v["technology.riskAssessment.mitigations"] = Joined(risk.Mitigations);
                v["technology.riskAssessment.emergingIssues"] = Joined(risk.EmergingIssues);
                v["technology.riskAssessment.ownerPersonId"] = risk.OwnerPersonId;
            }
        }

        if (item.Filtering is { } filtering)
        {
            v["filtering.provider"] = filtering.Provider;
            v["filtering.accreditation"] = filtering.Accreditation ?? string.Empty;
            v["filtering.flags"] = new StringValues([.. filtering.IwfUrlList ? ["iwf"] : Array.Empty<string>(), .. filtering.MonitoringInPlace ? ["monitoring"] : Array.Empty<string>()]);
            v["filtering.lastEffectivenessReview"] = Day(filtering.LastEffectivenessReview);
        }

        if (item.Training is { } training)
        {
            v["training.role"] = WireNames.Of(training.Role);
            if (TrainingDetails.IsForGroups(training.Role) || !people.Any(p => p.PersonId == training.Trainee) && training.Attendees is null)
            {
                v["training.traineeGroup"] = training.Trainee;
            }
            else
            {
                v["training.attendees"] = new StringValues([.. training.AttendeeIds()]);
            }
            v["training.course"] = training.Course;
            v["training.provider"] = training.Provider;
            v["training.completedOn"] = Day(training.CompletedOn);
        }

        return new FormCollection(v);
    }

    /// <summary>The add form's input for a rule's field: the two AUP statements share one set of checkboxes.</summary>
    public static string AddFormFieldId(string field) => field switch
    {
        "aup.statesSanctions" or "aup.statesMonitoring" => "aup.states",
        "training.trainee" => "training.traineeGroup",
        _ => field,
    };

    /// <summary>The add form's fields as the API's draft; unreadable dates become field errors.</summary>
    public static RegisterItemDraft ReadItem(IFormCollection form, RegisterKind kind, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(errors);
        string V(string name) => form[name].ToString().Trim();
        string? Optional(string name) => V(name) is { Length: > 0 } value ? value : null;
        string[] LinesOf(string name) => Lines(form[name].ToString());
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

        RegisterItemDraft draft = new(kind, V("title"), null, null, null, null, null, null, null, null);
        return kind switch
        {
            RegisterKind.OfficerAppointment => draft with { Officer = new OfficerAppointment(V("officer.personId"), Date("officer.since") ?? default, LinesOf("officer.trainingHeld")) },
            RegisterKind.Aup => draft with
            {
                Aup = new AupDraft(WireNames.TryParse(V("aup.audience"), out AupAudience audience) ? audience : null, Optional("aup.ageGroup"), Optional("aup.version"),
                    LinesOf("aup.technologiesCovered"), Has("aup.states", "sanctions"), Has("aup.states", "monitoring")),
            },
            RegisterKind.Policy => draft with { Policy = new PolicyDetails(WireNames.TryParse(V("policy.policyKind"), out PolicyKind policyKind) ? policyKind : PolicyKind.Other) },
            RegisterKind.Technology => draft with
            {
                Technology = new TechnologyDetails(V("technology.childrenCanAccess") == "yes",
                    LinesOf("technology.riskAssessment.risks").Length + LinesOf("technology.riskAssessment.mitigations").Length == 0 ? null
                    : new RiskAssessment(LinesOf("technology.riskAssessment.risks"), LinesOf("technology.riskAssessment.mitigations"), LinesOf("technology.riskAssessment.emergingIssues"), V("technology.riskAssessment.ownerPersonId"))),
            },
            RegisterKind.Filtering => draft with
            {
                Filtering = new FilteringDetails(V("filtering.provider"), Has("filtering.flags", "iwf"), Optional("filtering.accreditation"), Has("filtering.flags", "monitoring"), Date("filtering.lastEffectivenessReview")),
            },
            _ => draft with
            {
                Training = new TrainingDetails(WireNames.TryParse(V("training.role"), out TrainingRole role) ? role : TrainingRole.OtherStaff,
                    V("training.traineeGroup"), V("training.course"), Date("training.completedOn") ?? default, V("training.provider"))
                {
                    Attendees = FormBody.Values(form, "training.attendees") is { Count: > 0 } attendees ? attendees : null,
                },
            },
        };
    }

    /// <summary>The review form: issues one per line, at most one action (with who is responsible), the stakeholders ticked.</summary>
    public static ReviewDraft ReadReview(IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(form);
        string action = form["action"].ToString().Trim();
        return new ReviewDraft(
            Lines(form["issuesIdentified"].ToString()),
            action.Length == 0 ? [] : [new ReviewAction(action, form["responsible"].ToString())],
            FormBody.Values(form, "stakeholdersConsulted"),
            null);
    }

    /// <summary>The signature form (the officer's; a staff member's button sends no fields and signs for themselves).</summary>
    public static SignatureDraft ReadSignature(IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return new SignatureDraft(null, form["signer"].ToString(), form["signedBy"].ToString() == "carer" ? SignedBy.Carer : SignedBy.Self, form["carerName"].ToString());
    }

    public static DelegationDraft ReadDelegation(IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(form);
        string reason = form["reason"].ToString().Trim();
        return new DelegationDraft(form["delegateTo"].ToString(), reason.Length == 0 ? null : reason);
    }

    static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
