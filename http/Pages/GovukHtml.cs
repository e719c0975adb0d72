using System.Globalization;

namespace EsafetyServerless.Http.Pages;

/// <summary>
/// GOV.UK Frontend components as HTML (the Nunjucks macros' markup, written out), with values always encoded.
/// Every field takes its errors, so the page shows the GOV.UK error pattern: a summary at the top linking to each
/// field, and the message beside the field.
/// </summary>
public static class GovukHtml
{
    public sealed record Option(string Value, string Label, string? Hint = null);

    public static string ErrorSummary(IEnumerable<(string FieldId, string Message)> errors)
    {
        List<(string FieldId, string Message)> list = errors.ToList();
        if (list.Count == 0)
        {
            return string.Empty;
        }

        Html html = new Html()
            .Raw("<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\"><div role=\"alert\">")
            .Raw("<h2 class=\"govuk-error-summary__title\">There is a problem</h2><div class=\"govuk-error-summary__body\">")
            .Raw("<ul class=\"govuk-list govuk-error-summary__list\">");
        foreach ((string fieldId, string message) in list)
        {
            html.Raw("<li><a href=\"#").Text(fieldId).Raw("\">").Text(message).Raw("</a></li>");
        }

        return html.Raw("</ul></div></div></div>").ToString();
    }

    static string GroupClass(string? error) => error is null ? "govuk-form-group" : "govuk-form-group govuk-form-group--error";

    static Html ErrorMessage(Html html, string id, string? error) => error is null
        ? html
        : html.Raw("<p id=\"").Text(id).Raw("-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> ").Text(error).Raw("</p>");

    static string DescribedBy(string id, string? hint, string? error) =>
        string.Join(' ', new[] { hint is null ? null : id + "-hint", error is null ? null : id + "-error" }.Where(x => x is not null));

    public static string TextInput(string id, string name, string label, string? value, string? error, string? hint = null, string inputClass = "", string? autocomplete = null, bool labelIsHeading = false)
    {
        Html html = new Html().Raw("<div class=\"").Raw(GroupClass(error)).Raw("\">");
        html = Label(html, id, label, labelIsHeading);
        html = Hint(html, id, hint);
        html = ErrorMessage(html, id, error);
        html.Raw("<input class=\"govuk-input ").Raw(inputClass).Raw(error is null ? string.Empty : " govuk-input--error")
            .Raw("\" id=\"").Text(id).Raw("\" name=\"").Text(name).Raw("\" type=\"text\" value=\"").Text(value).Raw('"'.ToString());
        string describedBy = DescribedBy(id, hint, error);
        if (describedBy.Length > 0)
        {
            html.Raw(" aria-describedby=\"").Text(describedBy).Raw("\"");
        }

        if (autocomplete is not null)
        {
            html.Raw(" autocomplete=\"").Text(autocomplete).Raw("\"");
        }

        return html.Raw("></div>").ToString();
    }

    public static string Textarea(string id, string name, string label, string? value, string? error, string? hint = null, int rows = 8, bool labelIsHeading = false)
    {
        Html html = new Html().Raw("<div class=\"").Raw(GroupClass(error)).Raw("\">");
        html = Label(html, id, label, labelIsHeading);
        html = Hint(html, id, hint);
        html = ErrorMessage(html, id, error);
        html.Raw("<textarea class=\"govuk-textarea").Raw(error is null ? string.Empty : " govuk-textarea--error")
            .Raw("\" id=\"").Text(id).Raw("\" name=\"").Text(name).Raw("\" rows=\"").Raw(rows.ToString(CultureInfo.InvariantCulture)).Raw('"'.ToString());
        string describedBy = DescribedBy(id, hint, error);
        if (describedBy.Length > 0)
        {
            html.Raw(" aria-describedby=\"").Text(describedBy).Raw("\"");
        }

        return html.Raw(">").Text(value).Raw("</textarea></div>").ToString();
    }

    /// <summary>Radios or checkboxes in a fieldset; the first option's id is <paramref name="id"/> (the error summary links to it).</summary>
    public static string Choices(string kind, string id, string name, string legend, IEnumerable<Option> options, ISet<string> selected, string? error, string? hint = null, bool inline = false, string legendSize = "m")
    {
        Html html = new Html().Raw("<div class=\"").Raw(GroupClass(error)).Raw("\"><fieldset class=\"govuk-fieldset\"");
        string describedBy = DescribedBy(id, hint, error);
        if (describedBy.Length > 0)
        {
            html.Raw(" aria-describedby=\"").Text(describedBy).Raw("\"");
        }

        html.Raw("><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--").Raw(legendSize).Raw("\">").Text(legend).Raw("</legend>");
        html = Hint(html, id, hint);
        html = ErrorMessage(html, id, error);
        string block = kind == "radio" ? "govuk-radios" : "govuk-checkboxes";
        html.Raw("<div class=\"").Raw(block).Raw(inline ? " " + block + "--inline" : string.Empty).Raw("\" data-module=\"").Raw(block).Raw("\">");
        int index = 0;
        foreach (Option option in options)
        {
            string optionId = index++ == 0 ? id : id + "-" + index.ToString(CultureInfo.InvariantCulture);
            html.Raw("<div class=\"").Raw(block).Raw("__item\"><input class=\"").Raw(block).Raw("__input\" id=\"").Text(optionId)
                .Raw("\" name=\"").Text(name).Raw("\" type=\"").Raw(kind).Raw("\" value=\"").Text(option.Value).Raw('"'.ToString())
                .Raw(selected.Contains(option.Value) ? " checked" : string.Empty);
            if (option.Hint is not null)
            {
                html.Raw(" aria-describedby=\"").Text(optionId + "-item-hint").Raw("\"");
            }

            html.Raw("><label class=\"govuk-label ").Raw(block).Raw("__label\" for=\"").Text(optionId).Raw("\">").Text(option.Label).Raw("</label>");
            if (option.Hint is not null)
            {
                html.Raw("<div id=\"").Text(optionId + "-item-hint").Raw("\" class=\"govuk-hint ").Raw(block).Raw("__hint\">").Text(option.Hint).Raw("</div>");
            }

            html.Raw("</div>");
        }

        return html.Raw("</div></fieldset></div>").ToString();
    }

    public static string Select(string id, string name, string label, IEnumerable<Option> options, string? selected, string? error)
    {
        Html html = new Html().Raw("<div class=\"").Raw(GroupClass(error)).Raw("\">");
        html = Label(html, id, label, false);
        html = ErrorMessage(html, id, error);
        html.Raw("<select class=\"govuk-select").Raw(error is null ? string.Empty : " govuk-select--error").Raw("\" id=\"").Text(id).Raw("\" name=\"").Text(name).Raw('"'.ToString());
        if (error is not null)
        {
            html.Raw(" aria-describedby=\"").Text(id + "-error").Raw("\"");
        }

        html.Raw(">");
        foreach (Option option in options)
        {
            html.Raw("<option value=\"").Text(option.Value).Raw('"'.ToString()).Raw(option.Value == selected ? " selected" : string.Empty).Raw(">").Text(option.Label).Raw("</option>");
        }

        return html.Raw("</select></div>").ToString();
    }

    /// <summary>The green "Success" banner shown after a form was saved; the message is encoded.</summary>
    public static string SuccessBanner(string message) => new Html()
        .Raw("<div class=\"govuk-notification-banner govuk-notification-banner--success\" role=\"alert\" aria-labelledby=\"success-title\" data-module=\"govuk-notification-banner\">")
        .Raw("<div class=\"govuk-notification-banner__header\"><h2 class=\"govuk-notification-banner__title\" id=\"success-title\">Success</h2></div>")
        .Raw("<div class=\"govuk-notification-banner__content\"><p class=\"govuk-notification-banner__heading\">").Text(message).Raw("</p></div></div>")
        .ToString();

    public static string WarningText(string text) => new Html()
        .Raw("<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>")
        .Raw("<strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning</span>").Text(text).Raw("</strong></div>")
        .ToString();

    static Html Label(Html html, string id, string label, bool isHeading) => isHeading
        ? html.Raw("<h2 class=\"govuk-label-wrapper\"><label class=\"govuk-label govuk-label--m\" for=\"").Text(id).Raw("\">").Text(label).Raw("</label></h2>")
        : html.Raw("<label class=\"govuk-label\" for=\"").Text(id).Raw("\">").Text(label).Raw("</label>");

    static Html Hint(Html html, string id, string? hint) => hint is null
        ? html
        : html.Raw("<div id=\"").Text(id + "-hint").Raw("\" class=\"govuk-hint\">").Text(hint).Raw("</div>");
}
