using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Personalization.Rules.Facts;

/// <summary>
/// The few properties a retained event keeps, as two parallel arrays instead of a dictionary: a customer retains up to
/// hundreds of events, each with one or two properties, and a dictionary costs several times the values it holds. When
/// an event has every property the catalog retains for its type, the names array is the catalog's own, shared by all.
/// </summary>
internal sealed class RetainedProperties : IReadOnlyDictionary<string, RuleValue>
{
    private readonly string[] names;
    private readonly RuleValue[] values;

    private RetainedProperties(string[] names, RuleValue[] values)
    {
        this.names = names;
        this.values = values;
    }

    public int Count => names.Length;

    public IEnumerable<string> Keys => names;

    public IEnumerable<RuleValue> Values => values;

    public RuleValue this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    /// <summary>The non-null values of <paramref name="retained"/> found in <paramref name="all"/>; null when there are none.</summary>
    public static RetainedProperties? Select(string[] retained, IReadOnlyDictionary<string, RuleValue> all)
    {
        var found = 0;
        foreach (var name in retained)
        {
            found += all.TryGetValue(name, out var value) && !value.IsNull ? 1 : 0;
        }

        if (found == 0)
        {
            return null;
        }

        var names = found == retained.Length ? retained : new string[found];
        var values = new RuleValue[found];
        var next = 0;
        foreach (var name in retained)
        {
            if (all.TryGetValue(name, out var value) && !value.IsNull)
            {
                // The catalog's own array already holds the names; it is shared, so it is not written to.
                if (!ReferenceEquals(names, retained))
                {
                    names[next] = name;
                }

                values[next++] = value;
            }
        }

        return new RetainedProperties(names, values);
    }

    /// <summary>Properties read from storage, under the process's shared names.</summary>
    public static RetainedProperties Copy(IReadOnlyDictionary<string, RuleValue> properties) =>
        new([.. properties.Keys.Select(SharedNames.Share)], [.. properties.Values]);

    public bool ContainsKey(string key) => Array.IndexOf(names, key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out RuleValue value)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (string.Equals(names[i], key, StringComparison.Ordinal))
            {
                value = values[i];
                return true;
            }
        }

        value = default;
        return false;
    }

    public IEnumerator<KeyValuePair<string, RuleValue>> GetEnumerator()
    {
        for (var i = 0; i < names.Length; i++)
        {
            yield return new KeyValuePair<string, RuleValue>(names[i], values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
