using System.Globalization;
using System.Text.Json;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Http.Incidents;

/// <summary>
/// Reads the JSON body of <c>POST /api/incidents</c> into a draft, field by field, so that every wrong type, unknown
/// property or malformed value becomes a field error the client can act on (not a generic "bad JSON").
/// </summary>
public static class JsonDraftReader
{
    static readonly JsonDocumentOptions Options = new() { MaxDepth = 16, CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false };

    static readonly string[] TopLevel = ["agencyId", "occurredAt", "description", "howIdentified", "technology", "peopleInvolved", "concerns"];
    static readonly string[] PersonFields = ["role", "name", "dateOfBirth", "isVictim", "isInstigator"];
    static readonly string[] ConcernFields = ["illegalSuspected", "illegalKinds", "publicWebUrl", "staffInvolved", "ladoThreshold", "childAtRiskOfSignificantHarm", "urgent"];

    /// <summary>Null (with errors) when the body is not a JSON object of the right shape.</summary>
    public static IncidentDraft? Read(ReadOnlyMemory<byte> body, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, Options);
        }
        catch (JsonException)
        {
            errors.Add("body", "The body is not valid JSON");
            return null;
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add("body", "The body must be a JSON object");
                return null;
            }

            RejectUnknown(root, TopLevel, string.Empty, errors);
            List<PersonDraft> people = [];
            if (root.TryGetProperty("peopleInvolved", out JsonElement peopleElement) && peopleElement.ValueKind != JsonValueKind.Null)
            {
                if (peopleElement.ValueKind != JsonValueKind.Array)
                {
                    errors.Add("peopleInvolved", "peopleInvolved must be a list");
                }
                else
                {
                    int index = 0;
                    foreach (JsonElement person in peopleElement.EnumerateArray())
                    {
                        string at = string.Create(CultureInfo.InvariantCulture, $"peopleInvolved[{index++}]");
                        if (person.ValueKind != JsonValueKind.Object)
                        {
                            errors.Add(at, "Each person must be an object");
                            continue;
                        }

                        RejectUnknown(person, PersonFields, at + ".", errors);
                        people.Add(new PersonDraft(
                            String(person, "role", at + ".", errors), String(person, "name", at + ".", errors),
                            String(person, "dateOfBirth", at + ".", errors),
                            Bool(person, "isVictim", at + ".", errors), Bool(person, "isInstigator", at + ".", errors)));
                    }
                }
            }

            ConcernsDraft? concerns = null;
            if (root.TryGetProperty("concerns", out JsonElement c) && c.ValueKind != JsonValueKind.Null)
            {
                if (c.ValueKind != JsonValueKind.Object)
                {
                    errors.Add("concerns", "concerns must be an object");
                }
                else
                {
                    RejectUnknown(c, ConcernFields, "concerns.", errors);
                    concerns = new ConcernsDraft(
                        Bool(c, "illegalSuspected", "concerns.", errors), Strings(c, "illegalKinds", "concerns.", errors),
                        String(c, "publicWebUrl", "concerns.", errors), Bool(c, "staffInvolved", "concerns.", errors),
                        Strings(c, "ladoThreshold", "concerns.", errors), Bool(c, "childAtRiskOfSignificantHarm", "concerns.", errors),
                        Bool(c, "urgent", "concerns.", errors));
                }
            }

            return new IncidentDraft(
                String(root, "agencyId", string.Empty, errors), String(root, "occurredAt", string.Empty, errors),
                String(root, "description", string.Empty, errors), String(root, "howIdentified", string.Empty, errors),
                String(root, "technology", string.Empty, errors), people, concerns);
        }
    }

    /// <summary>Reads a body that is the <c>concerns</c> object on its own (the triage call).</summary>
    public static ConcernsDraft? ReadConcerns(ReadOnlyMemory<byte> body, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        try
        {
            using JsonDocument document = JsonDocument.Parse(body, Options);
            JsonElement c = document.RootElement;
            if (c.ValueKind != JsonValueKind.Object)
            {
                errors.Add("body", "The body must be the concerns object");
                return null;
            }

            RejectUnknown(c, ConcernFields, "concerns.", errors);
            return new ConcernsDraft(
                Bool(c, "illegalSuspected", "concerns.", errors), Strings(c, "illegalKinds", "concerns.", errors),
                String(c, "publicWebUrl", "concerns.", errors), Bool(c, "staffInvolved", "concerns.", errors),
                Strings(c, "ladoThreshold", "concerns.", errors), Bool(c, "childAtRiskOfSignificantHarm", "concerns.", errors),
                Bool(c, "urgent", "concerns.", errors));
        }
        catch (JsonException)
        {
            errors.Add("body", "The body is not valid JSON");
            return null;
        }
    }

    static void RejectUnknown(JsonElement element, string[] known, string prefix, FieldErrors errors)
    {
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                errors.Add(prefix + Truncate(property.Name), "This field is not part of the API");
            }
        }
    }

    static string? String(JsonElement element, string name, string prefix, FieldErrors errors)
    {
        if (!element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(prefix + name, name + " must be text");
            return null;
        }

        return Text(value, prefix + name, errors);
    }

    /// <summary>JSON can escape text that is not valid Unicode (a lone surrogate); refuse it as a field error.</summary>
    static string? Text(JsonElement value, string field, FieldErrors errors)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            errors.Add(field, "This contains characters that are not allowed");
            return null;
        }
    }

    static bool Bool(JsonElement element, string name, string prefix, FieldErrors errors)
    {
        if (!element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add(prefix + name, name + " must be true or false");
            return false;
        }

        return value.GetBoolean();
    }

    static List<string> Strings(JsonElement element, string name, string prefix, FieldErrors errors)
    {
        if (!element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            errors.Add(prefix + name, name + " must be a list of text values");
            return [];
        }

        return value.EnumerateArray().Take(20).Select(v => Text(v, prefix + name, errors) ?? string.Empty).ToList();
    }

    static string Truncate(string name) => name.Length <= 64 ? name : name[..64];
}
