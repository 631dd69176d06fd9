using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Personalization.Rules.Facts;

/// <summary>
/// A customer's profile attributes: the names sorted in ordinal order in an array shared by every profile with the
/// same names (customers fed by one source mostly have the same attributes), and the values in an array of their own.
/// A dictionary of 12 attributes would take about 1 KB per customer (17 entries of 48 bytes, plus buckets); this takes the
/// values alone. Immutable: a change makes a new one, and profile changes are rare next to events.
/// </summary>
[JsonConverter(typeof(ProfileAttributesJsonConverter))]
public sealed class ProfileAttributes : IReadOnlyDictionary<string, RuleValue>
{
    /// <summary>Distinct name sets kept for sharing; past it, a profile keeps its own names array.</summary>
    public const int SharedShapesCapacity = 4_096;

    public static readonly ProfileAttributes Empty = new([], []);

    private static readonly ConcurrentDictionary<string[], string[]> Shapes = new(NamesComparer.Instance);

    private readonly string[] names;
    private readonly RuleValue[] values;

    private ProfileAttributes(string[] names, RuleValue[] values)
    {
        this.names = names;
        this.values = values;
    }

    /// <summary>The given attributes, the last of a repeated name winning, under the process's shared names.</summary>
    public static ProfileAttributes From(IEnumerable<KeyValuePair<string, RuleValue>> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var sorted = new SortedDictionary<string, RuleValue>(StringComparer.Ordinal);
        foreach (var (name, value) in attributes)
        {
            sorted[name] = value;
        }

        return Build(sorted);
    }

    /// <summary>These attributes with <paramref name="changes"/> applied; a null value removes the attribute.</summary>
    public ProfileAttributes Merge(IEnumerable<KeyValuePair<string, RuleValue>> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var sorted = new SortedDictionary<string, RuleValue>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            sorted.Add(names[i], values[i]);
        }

        foreach (var (name, value) in changes)
        {
            if (value.IsNull)
            {
                sorted.Remove(name);
            }
            else
            {
                sorted[name] = value;
            }
        }

        return Build(sorted);
    }

    public int Count => names.Length;

    public IEnumerable<string> Keys => Array.AsReadOnly(names);

    public IEnumerable<RuleValue> Values => Array.AsReadOnly(values);

    public RuleValue this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out RuleValue value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? values[index] : default;
        return index >= 0;
    }

    public IEnumerator<KeyValuePair<string, RuleValue>> GetEnumerator()
    {
        for (var i = 0; i < names.Length; i++)
        {
            yield return new KeyValuePair<string, RuleValue>(names[i], values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key) => Array.BinarySearch(names, key, StringComparer.Ordinal);

    private static ProfileAttributes Build(SortedDictionary<string, RuleValue> sorted)
    {
        if (sorted.Count == 0)
        {
            return Empty;
        }

        var names = new string[sorted.Count];
        var values = new RuleValue[sorted.Count];
        var next = 0;
        foreach (var (name, value) in sorted)
        {
            names[next] = SharedNames.Share(name);
            values[next++] = value;
        }

        var shared = Shapes.TryGetValue(names, out var shape) ? shape
            : Shapes.Count < SharedShapesCapacity ? Shapes.GetOrAdd(names, names)
            : names;
        return new ProfileAttributes(shared, values);
    }

    private sealed class NamesComparer : IEqualityComparer<string[]>
    {
        public static readonly NamesComparer Instance = new();

        public bool Equals(string[]? x, string[]? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y, StringComparer.Ordinal));

        public int GetHashCode(string[] names)
        {
            var hash = new HashCode();
            foreach (var name in names)
            {
                hash.Add(name, StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }
    }
}
