using Microsoft.AspNetCore.Components;

namespace EsafetyServerless.Http.Pages.Govuk;

/// <summary>
/// The parameters of the GOV.UK radios and checkboxes (<see cref="Radios"/>, <see cref="Checkboxes"/>): a fieldset
/// with a legend, options, an optional hint and error. The first option's id is <see cref="Id"/>, so the error
/// summary links to it; the others are <c>{Id}-2</c>, <c>{Id}-3</c>…
/// </summary>
public abstract class ChoiceGroup : ComponentBase
{
    [CascadingParameter] public FormState? State { get; set; }

    [Parameter, EditorRequired] public string Id { get; set; } = string.Empty;

    [Parameter, EditorRequired] public string Name { get; set; } = string.Empty;

    [Parameter, EditorRequired] public string Legend { get; set; } = string.Empty;

    [Parameter, EditorRequired] public IReadOnlyList<Choice> Options { get; set; } = [];

    /// <summary>The chosen values; by default, what the enclosing form's state holds for <see cref="Name"/>.</summary>
    [Parameter] public IReadOnlySet<string>? Selected { get; set; }

    [Parameter] public string? HintText { get; set; }

    [Parameter] public string? Error { get; set; }

    [Parameter] public bool Inline { get; set; }

    /// <summary>s, m, l or xl; a legend that is the page's question is m.</summary>
    [Parameter] public string LegendSize { get; set; } = "m";

    public string? ShownError => this.Error ?? this.State?.ErrorFor(this.Id);

    public IReadOnlySet<string> ShownSelection => this.Selected ?? this.State?.Selected(this.Name) ?? new HashSet<string>();

    public static string OptionId(string id, int index) =>
        index == 0 ? id : id + "-" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
