namespace Personalization.Rules.Facts;

/// <summary>
/// Arrays of entries in time order, oldest first, with a count of those in use: the retained events of a type and the
/// activity marks. They grow 1, 2, 4, ... and never past their limit, where the oldest entry makes room.
/// </summary>
internal static class TimeOrdered
{
    /// <summary>
    /// Inserts <paramref name="entry"/> after the entries not later than it; entries mostly arrive in order, so the place
    /// is searched from the end. At the limit the oldest entry goes, which may be the new one. True when one went.
    /// </summary>
    public static bool Insert<T>(ref T[] entries, ref int count, in T entry, int limit, out T evicted)
        where T : struct, ITimestamped =>
        Insert(ref entries, ref count, InsertionPoint(entries.AsSpan(0, count), entry.UtcTicks), entry, limit, out evicted);

    /// <summary>Inserts <paramref name="entry"/> at <paramref name="index"/>, which must keep the entries in time order.</summary>
    public static bool Insert<T>(ref T[] entries, ref int count, int index, in T entry, int limit, out T evicted)
        where T : struct, ITimestamped
    {
        var full = count >= limit;
        if (full)
        {
            if (index == 0)
            {
                evicted = entry;
                return true;
            }

            evicted = entries[0];
            RemoveOldest(entries, ref count, 1);
            index--;
        }
        else
        {
            evicted = default;
        }

        if (count == entries.Length)
        {
            var grown = new T[Math.Min(limit, Math.Max(1, count * 2))];
            entries.AsSpan(0, index).CopyTo(grown);
            entries.AsSpan(index, count - index).CopyTo(grown.AsSpan(index + 1));
            entries = grown;
        }
        else
        {
            entries.AsSpan(index, count - index).CopyTo(entries.AsSpan(index + 1));
        }

        entries[index] = entry;
        count++;
        return full;
    }

    /// <summary>Where an entry at <paramref name="ticks"/> goes: after every entry not later than it.</summary>
    public static int InsertionPoint<T>(ReadOnlySpan<T> entries, long ticks)
        where T : struct, ITimestamped
    {
        var index = entries.Length;
        while (index > 0 && entries[index - 1].UtcTicks > ticks)
        {
            index--;
        }

        return index;
    }

    /// <summary>How many of the oldest entries are before <paramref name="cutoffTicks"/>.</summary>
    public static int CountBefore<T>(ReadOnlySpan<T> entries, long cutoffTicks)
        where T : struct, ITimestamped
    {
        var stale = 0;
        while (stale < entries.Length && entries[stale].UtcTicks < cutoffTicks)
        {
            stale++;
        }

        return stale;
    }

    /// <summary>Removes the oldest <paramref name="removed"/> entries; freed slots are cleared so that they hold no strings.</summary>
    public static void RemoveOldest<T>(T[] entries, ref int count, int removed)
    {
        if (removed == 0)
        {
            return;
        }

        entries.AsSpan(removed, count - removed).CopyTo(entries);
        entries.AsSpan(count - removed, removed).Clear();
        count -= removed;
    }
}
