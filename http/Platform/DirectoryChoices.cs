using EsafetyServerless.Http.Pages;
using EsafetyServerless.Http.Pages.Govuk;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Http.Platform;

/// <summary>The choices the directory's forms offer.</summary>
public static class DirectoryChoices
{
    public static IReadOnlyList<Choice> Kinds { get; } = Enum.GetValues<AgencyKind>().Select(k => new Choice(WireNames.Of(k), Navigation.Describe(k))).ToList();

    public static IReadOnlyList<Choice> YesNo { get; } = [new("yes", "Yes"), new("no", "No")];
}
