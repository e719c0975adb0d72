using System.Globalization;
using System.Text;
using Azure.Data.Tables;

namespace EsafetyServerless.Adapters.Storage;

/// <summary>
/// A long text in a table entity: Azure Tables holds 64 KiB (32K UTF-16 characters) in one string property and 1 MiB
/// in an entity, so the text is split over "Name", "Name1", "Name2"… of 30,000 characters each.
/// </summary>
public static class TableText
{
    const int ChunkLength = 30_000;

    /// <summary>Twelve chunks (720 KB as UTF-16) leave room in the entity's 1 MiB for its other properties.</summary>
    const int MaxChunks = 12;

    /// <param name="tooLarge">The exception to throw when the text does not fit in one entity.</param>
    public static void Write(TableEntity entity, string name, string text, Func<Exception> tooLarge)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tooLarge);
        if (text.Length > MaxChunks * ChunkLength)
        {
            throw tooLarge();
        }

        for (int start = 0, chunk = 0; start < text.Length || chunk == 0; start += ChunkLength, chunk++)
        {
            entity[Key(name, chunk)] = text.Substring(start, Math.Min(ChunkLength, text.Length - start));
        }
    }

    /// <summary>The text written by <see cref="Write"/> (or a single property of an older row); null when absent.</summary>
    public static string? Read(TableEntity entity, string name)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (entity.GetString(name) is not { } first)
        {
            return null;
        }

        StringBuilder text = new(first);
        for (int chunk = 1; entity.GetString(Key(name, chunk)) is { } more; chunk++)
        {
            text.Append(more);
        }

        return text.ToString();
    }

    static string Key(string name, int chunk) => chunk == 0 ? name : name + chunk.ToString(CultureInfo.InvariantCulture);
}
