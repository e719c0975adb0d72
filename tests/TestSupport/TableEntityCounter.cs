using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;

namespace EsafetyServerless.TestSupport;

/// <summary>
/// Counts the entities a table's queries return, on the wire (in the table service's responses), so a test or a
/// benchmark can show that a scan reads only what is due. Add it to the table client's options. With
/// <see cref="CountPointReads"/>, a point read (one entity by its keys) counts one as well.
/// </summary>
public sealed class TableEntityCounter : HttpPipelinePolicy
{
    int read;

    public string Table { get; set; } = string.Empty;

    public bool CountPointReads { get; init; }

    public int EntitiesRead => Volatile.Read(ref this.read);

    public void Reset() => Interlocked.Exchange(ref this.read, 0);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        this.Count(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        this.Count(message);
    }

    void Count(HttpMessage message)
    {
        string entities = "/" + this.Table + (this.CountPointReads ? "(" : "()");
        if (message.Request.Method != RequestMethod.Get || !message.Request.Uri.Path.Contains(entities, StringComparison.Ordinal)
            || message.Response.Status != 200)
        {
            return;
        }

        using JsonDocument body = JsonDocument.Parse(message.Response.Content.ToMemory());
        if (body.RootElement.TryGetProperty("value", out JsonElement value))
        {
            Interlocked.Add(ref this.read, value.GetArrayLength());
        }
        else if (this.CountPointReads)
        {
            Interlocked.Increment(ref this.read);
        }
    }
}
