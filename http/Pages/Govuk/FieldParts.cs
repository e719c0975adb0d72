namespace EsafetyServerless.Http.Pages.Govuk;

/// <summary>The GOV.UK naming of a field's parts: the hint and error message ids that aria-describedby lists.</summary>
public static class FieldParts
{
    public static string? DescribedBy(string id, string? hint, string? error)
    {
        string joined = string.Join(' ', new[] { hint is null ? null : id + "-hint", error is null ? null : id + "-error" }.Where(x => x is not null));
        return joined.Length == 0 ? null : joined;
    }

    public static string GroupClass(string? error) => error is null ? "govuk-form-group" : "govuk-form-group govuk-form-group--error";
}
