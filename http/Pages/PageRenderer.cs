using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.Web.HtmlRendering;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EsafetyServerless.Http.Pages;

/// <summary>
/// Renders a page component to HTML on the server (ASP.NET Core's <see cref="HtmlRenderer"/>; no client-side Blazor,
/// no JavaScript needed) and answers with it. The page receives its model, loaded beforehand, and the
/// <see cref="PageContext"/> as a cascading value; the framework encodes every value.
/// </summary>
public sealed class PageRenderer(IServiceProvider services, ILoggerFactory loggerFactory)
{
    /// <summary>Renders <typeparamref name="TPage"/> with <paramref name="model"/> as its <c>Model</c> parameter.</summary>
    public async Task<IResult> RenderAsync<TPage, TModel>(PageContext context, TModel model, int statusCode = StatusCodes.Status200OK)
        where TPage : PageComponent<TModel>
    {
        ArgumentNullException.ThrowIfNull(context);
        string html = await this.RenderToStringAsync<TPage>(context, new Dictionary<string, object?> { [nameof(PageComponent<TModel>.Model)] = model });
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, statusCode);
    }

    /// <summary>The whole document, for a page component and its parameters.</summary>
    public async Task<string> RenderToStringAsync<TPage>(PageContext context, IDictionary<string, object?> parameters)
        where TPage : IComponent
    {
        await using HtmlRenderer renderer = new(services, loggerFactory);
        string body = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            ParameterView hostParameters = ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(PageHost.Context)] = context,
                [nameof(PageHost.PageType)] = typeof(TPage),
                [nameof(PageHost.PageParameters)] = parameters,
            });
            HtmlRootComponent root = await renderer.RenderComponentAsync<PageHost>(hostParameters);
            return root.ToHtmlString();
        });

        // A component cannot write a document type declaration; every page is a whole HTML5 document.
        return "<!DOCTYPE html>\n" + body;
    }
}

/// <summary>A page: a component that receives one view model, loaded before rendering (no storage calls while rendering).</summary>
public abstract class PageComponent<TModel> : ComponentBase
{
    [Parameter, EditorRequired] public TModel Model { get; set; } = default!;

    /// <summary>Who is looking, for the layout's navigation and for role-dependent parts of a page.</summary>
    [CascadingParameter] public PageContext Context { get; set; } = PageContext.Anonymous;
}
