using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Response;

namespace EsafetyServerless.Http.Incidents;

/// <summary>The incident contract's JSON bodies as drafts: every wrong type or unknown property is a field error the client can act on.</summary>
public static class IncidentJson
{
    static readonly string[] ReportFields = ["agencyId", "occurredAt", "description", "howIdentified", "technology", "peopleInvolved", "concerns"];
    static readonly string[] PersonFields = ["role", "name", "dateOfBirth", "isVictim", "isInstigator"];
    static readonly string[] ConcernFields = ["illegalSuspected", "illegalKinds", "publicWebUrl", "staffInvolved", "ladoThreshold", "childAtRiskOfSignificantHarm", "urgent"];

    /// <summary><c>POST /api/incidents</c>'s body.</summary>
    public static IncidentDraft ReadReport(JsonFields body)
    {
        ArgumentNullException.ThrowIfNull(body);
        body.RejectUnknown(ReportFields);
        return new IncidentDraft(
            body.Text("agencyId"), body.Text("occurredAt"), body.Text("description"), body.Text("howIdentified"), body.Text("technology"),
            ReadPeople(body), body.Nested("concerns") is { } concerns ? ReadConcerns(concerns) : null);
    }

    /// <summary>
    /// <c>POST /api/incidents/{incidentId}/corrections</c>'s body: <c>{"reason", "changes": {…}}</c>, the changes by the
    /// report's own field names; a field sent (even as null) is corrected, one left out is not.
    /// </summary>
    public static CorrectionDraft ReadCorrection(JsonFields body)
    {
        ArgumentNullException.ThrowIfNull(body);
        body.RejectUnknown("reason", "changes");
        if (body.Nested("changes") is not { } changes)
        {
            return new CorrectionDraft(body.Text("reason"), new IncidentChangesDraft(new HashSet<string>()));
        }

        changes.RejectUnknown([.. Workflows.Incidents.ReportFields.All]);
        HashSet<string> given = Workflows.Incidents.ReportFields.All.Where(changes.Has).ToHashSet(StringComparer.Ordinal);
        return new CorrectionDraft(body.Text("reason"), new IncidentChangesDraft(
            given, changes.Text("occurredAt"), changes.Text("description"), changes.Text("howIdentified"), changes.Text("technology"),
            ReadPeople(changes), changes.Nested("concerns") is { } concerns ? ReadConcerns(concerns) : null));
    }

    static List<PersonDraft> ReadPeople(JsonFields body)
    {
        List<PersonDraft> people = [];
        foreach (JsonFields person in body.NestedList("peopleInvolved"))
        {
            person.RejectUnknown(PersonFields);
            people.Add(new PersonDraft(person.Text("role"), person.Text("name"), person.Text("dateOfBirth"), person.Bool("isVictim"), person.Bool("isInstigator")));
        }

        return people;
    }

    /// <summary>The flowchart's answers: the report's <c>concerns</c> object, or the whole body of a triage.</summary>
    public static ConcernsDraft ReadConcerns(JsonFields concerns)
    {
        ArgumentNullException.ThrowIfNull(concerns);
        concerns.RejectUnknown(ConcernFields);

        // null is "Not sure"; an answer left out is "no", as the API has always read it.
        bool? Answer(string name) => concerns.Has(name) ? concerns.NullableBool(name) : false;
        return new ConcernsDraft(
            Answer("illegalSuspected"), concerns.Texts("illegalKinds"), concerns.Text("publicWebUrl"), Answer("staffInvolved"),
            concerns.Texts("ladoThreshold"), Answer("childAtRiskOfSignificantHarm"), Answer("urgent"));
    }
}
