using System.Text.Json;
using Personalization.Segments;

namespace Personalization.Host.Hosting;

/// <summary>The example segments the embedded default starts with, so the README's tour works at once.</summary>
internal static class ExampleSegments
{
    public static List<SegmentDraft> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "ExampleSegments.json");
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<List<SegmentDraft>>(stream, JsonSerializerOptions.Web)
            ?? throw new InvalidDataException($"{path} holds no segments");
    }
}
