using System.Collections.Concurrent;

namespace Personalization.Rules.Facts;

/// <summary>
/// One string instance per attribute name and event type name across all customers of a process. Names arrive with every
/// call and every stored row as fresh strings, and a silo holding a million customers would otherwise keep a million
/// copies of "country". Bounded, so that a client inventing names cannot grow it without end: past
/// <see cref="Capacity"/> names a new one is kept as given.
/// </summary>
internal static class SharedNames
{
    public const int Capacity = 16_384;

    private static readonly ConcurrentDictionary<string, string> Names = new(StringComparer.Ordinal);

    public static string Share(string name)
    {
        if (Names.TryGetValue(name, out var shared))
        {
            return shared;
        }

        return Names.Count < Capacity ? Names.GetOrAdd(name, name) : name;
    }
}
