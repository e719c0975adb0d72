using EsafetyServerless.Workflows.Platform;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Pages.Govuk;

/// <summary>
/// What a form shows when it is rendered again: the values the person typed (by input name) and the errors to show
/// (by input id, in the order of the form). <see cref="GovukForm"/> cascades it, so every field inside finds its own
/// value and error and the error summary links to each field.
/// </summary>
public sealed class FormState
{
    readonly IReadOnlyDictionary<string, string[]> values;

    FormState(IReadOnlyDictionary<string, string[]> values, IReadOnlyList<(string FieldId, string Message)> errors)
    {
        this.values = values;
        this.Errors = errors;
    }

    /// <summary>A form shown for the first time: no values, no errors.</summary>
    public static FormState Empty { get; } = new(new Dictionary<string, string[]>(), []);

    /// <summary>The first error of each field, in the order the rules reported them.</summary>
    public IReadOnlyList<(string FieldId, string Message)> Errors { get; }

    public bool HasErrors => this.Errors.Count > 0;

    /// <summary>A form posted back with errors; <paramref name="fieldId"/> maps a rule's field name to the input's id.</summary>
    public static FormState Posted(IFormCollection? form, FieldErrors? errors, Func<string, string>? fieldId = null)
    {
        Dictionary<string, string[]> values = new(StringComparer.Ordinal);
        foreach ((string key, Microsoft.Extensions.Primitives.StringValues value) in form ?? (IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>>)[])
        {
            values[key] = value.Where(v => v is not null).Select(v => v!).ToArray();
        }

        List<(string, string)> firstErrors = (errors?.All ?? [])
            .Select(e => (FieldId: (fieldId ?? (f => f))(e.Field), e.Message))
            .GroupBy(e => e.FieldId, StringComparer.Ordinal)
            .Select(g => (g.Key, g.First().Message))
            .ToList();
        return new FormState(values, firstErrors);
    }

    /// <summary>Initial values (an edit form filled from the record), no errors.</summary>
    public static FormState Filled(IReadOnlyDictionary<string, string?> values) =>
        new(values.Where(v => v.Value is not null).ToDictionary(v => v.Key, v => new[] { v.Value! }, StringComparer.Ordinal), []);

    public string Value(string name) => this.values.TryGetValue(name, out string[]? v) && v.Length > 0 ? v[0] : string.Empty;

    public IReadOnlySet<string> Selected(string name) =>
        this.values.TryGetValue(name, out string[]? v) ? v.ToHashSet(StringComparer.Ordinal) : new HashSet<string>();

    public string? ErrorFor(string fieldId) => this.Errors.FirstOrDefault(e => e.FieldId == fieldId).Message;
}

/// <summary>One radio or checkbox (or select option): the value sent, the label shown and an optional hint.</summary>
public sealed record Choice(string Value, string Label, string? Hint = null);
