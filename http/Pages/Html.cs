using System.Net;
using System.Text;

namespace EsafetyServerless.Http.Pages;

/// <summary>
/// A small HTML writer. Every value that comes from data goes through <see cref="Text"/> (encoded); markup the code
/// writes itself goes through <see cref="Raw"/>. Keeping the two apart is what keeps script in a report inert.
/// </summary>
public sealed class Html
{
    readonly StringBuilder builder = new();

    public Html Raw(string markup)
    {
        this.builder.Append(markup);
        return this;
    }

    public Html Text(string? value)
    {
        this.builder.Append(Encode(value));
        return this;
    }

    public static string Encode(string? value) => WebUtility.HtmlEncode(value ?? string.Empty);

    public override string ToString() => this.builder.ToString();
}
