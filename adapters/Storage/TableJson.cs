using System.Text.Encodings.Web;
using System.Text.Json;

namespace EsafetyServerless.Adapters.Storage;

/// <summary>How records are written as JSON into table properties.</summary>
public static class TableJson
{
    /// <summary>
    /// Relaxed escaping: stored text is never HTML, and escaping every non-ASCII character six-fold would fill the
    /// 64 KiB property limit long before the text's own length does.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
