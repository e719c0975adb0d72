namespace EsafetyServerless.Workflows.Platform;

/// <summary>Field errors keyed by the field's path ("description", "peopleInvolved[0].name"), in plain language.</summary>
public sealed class FieldErrors
{
    readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => this.errors.Count > 0;

    /// <summary>Whether the field has an error.</summary>
    public bool Has(string field) => this.errors.ContainsKey(field);

    /// <summary>One error.</summary>
    public static FieldErrors Of(string field, string message)
    {
        FieldErrors errors = new();
        errors.Add(field, message);
        return errors;
    }

    public void Add(string field, string message)
    {
        if (!this.errors.TryGetValue(field, out List<string>? messages))
        {
            this.errors[field] = messages = [];
        }

        messages.Add(message);
    }

    public IDictionary<string, string[]> ToDictionary() => this.errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public IEnumerable<(string Field, string Message)> All => this.errors.SelectMany(e => e.Value.Select(m => (e.Key, m)));
}
