namespace EsafetyServerless.Http.Pages.Govuk;

/// <param name="StatusColour">Null for plain text ("Completed"); a tag colour for a status to notice.</param>
public sealed record TaskListItem(string Title, string? Href, string Status, string? StatusColour = null, string? Hint = null);
