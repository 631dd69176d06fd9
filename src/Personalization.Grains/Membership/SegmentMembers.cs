using System.Text.Json.Serialization;

namespace Personalization.Membership;

/// <summary>
/// The members of one segment shard, each with the sequence of the change that made it a member, so that a stale or
/// redelivered change (an older sequence) is dropped.
/// </summary>
/// <remarks>
/// Every active customer is a member of about a dozen segments, so a silo holds a dozen entries per customer here.
/// A <c>Dictionary&lt;string, long&gt;</c> would spend about 32 bytes an entry (24-byte entry, bucket, room to grow); this is
/// an open-addressed table of two arrays, 12 bytes a slot and about 20 a member. Sequences are kept as their low 32
/// bits and compared with wrap-around, which is right while a customer's changes that can still be in flight are fewer
/// than two billion apart. Written by hand because no collection in the BCL stores a key and a 4-byte value in 12 bytes.
/// </remarks>
[JsonConverter(typeof(SegmentMembersJsonConverter))]
public sealed class SegmentMembers
{
    private const int MinimumCapacity = 4;

    private string?[] ids = new string?[MinimumCapacity];
    private uint[] sequences = new uint[MinimumCapacity];

    public int Count { get; private set; }

    public IEnumerable<string> Ids => Entries().Select(entry => entry.Key);

    public bool Contains(string customerId) => Find(customerId) >= 0;

    /// <summary>Makes the customer a member unless it already is one by this or a later change.</summary>
    /// <param name="keptId">
    /// The id instance to keep for a new member (the silo's shared one); asked only when the customer is not a member.
    /// </param>
    /// <returns>Whether the change was applied; <paramref name="added"/> tells whether the customer was not a member before.</returns>
    public bool Enter(string customerId, long sequence, Func<string, string> keptId, out bool added)
    {
        var slot = Find(customerId);
        added = slot < 0;
        if (added)
        {
            Add(keptId(customerId), (uint)sequence);
            return true;
        }

        if (!IsLater((uint)sequence, sequences[slot]))
        {
            return false;
        }

        sequences[slot] = (uint)sequence;
        return true;
    }

    /// <summary>Ends the customer's membership if it is a member by an earlier change.</summary>
    public bool Exit(string customerId, long sequence)
    {
        var slot = Find(customerId);
        if (slot < 0 || !IsLater((uint)sequence, sequences[slot]))
        {
            return false;
        }

        RemoveAt(slot);
        return true;
    }

    internal IEnumerable<KeyValuePair<string, uint>> Entries()
    {
        for (var slot = 0; slot < ids.Length; slot++)
        {
            if (ids[slot] is { } id)
            {
                yield return new(id, sequences[slot]);
            }
        }
    }

    private static bool IsLater(uint candidate, uint held) => unchecked((int)(candidate - held)) > 0;

    private int Find(string customerId)
    {
        var mask = ids.Length - 1;
        for (var slot = customerId.GetHashCode() & mask; ids[slot] is { } id; slot = (slot + 1) & mask)
        {
            if (string.Equals(id, customerId, StringComparison.Ordinal))
            {
                return slot;
            }
        }

        return -1;
    }

    private void Add(string customerId, uint sequence)
    {
        // At most three quarters full, so that a miss ends at a free slot after a few probes.
        if ((Count + 1) * 4 > ids.Length * 3)
        {
            Resize(ids.Length * 2);
        }

        Place(customerId, sequence);
        Count++;
    }

    private void Place(string customerId, uint sequence)
    {
        var mask = ids.Length - 1;
        var slot = customerId.GetHashCode() & mask;
        while (ids[slot] is not null)
        {
            slot = (slot + 1) & mask;
        }

        ids[slot] = customerId;
        sequences[slot] = sequence;
    }

    private void Resize(int capacity)
    {
        var oldIds = ids;
        var oldSequences = sequences;
        ids = new string?[capacity];
        sequences = new uint[capacity];
        for (var slot = 0; slot < oldIds.Length; slot++)
        {
            if (oldIds[slot] is { } id)
            {
                Place(id, oldSequences[slot]);
            }
        }
    }

    /// <summary>
    /// Linear probing's deletion without tombstones: later entries of the same probe run move back into the gap when
    /// their home slot does not lie between the gap and them.
    /// </summary>
    private void RemoveAt(int gap)
    {
        var mask = ids.Length - 1;
        ids[gap] = null;
        for (var slot = (gap + 1) & mask; ids[slot] is { } id; slot = (slot + 1) & mask)
        {
            var home = id.GetHashCode() & mask;
            var staysPut = gap <= slot ? gap < home && home <= slot : gap < home || home <= slot;
            if (!staysPut)
            {
                ids[gap] = id;
                sequences[gap] = sequences[slot];
                ids[slot] = null;
                gap = slot;
            }
        }

        Count--;
    }

    /// <summary>Reads a stored row: members with the sequences written by <see cref="Entries"/> or, before, as longs.</summary>
    internal void Load(string customerId, long sequence)
    {
        if (!Contains(customerId))
        {
            Add(customerId, (uint)sequence);
        }
    }
}
