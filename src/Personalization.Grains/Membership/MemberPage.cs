namespace Personalization.Membership;

/// <summary>
/// A run of consecutive members of one segment shard (ordinal order of ids), each with the low 32 bits of the sequence
/// of the change that made it a member, in two sorted arrays: about 12 bytes a member. Stored as a row of its own
/// under <see cref="Number"/>, and only when <see cref="Changed"/>.
/// </summary>
public sealed class MemberPage
{
    private const int MinimumCapacity = 4;

    private string[] ids;
    private uint[] sequences;

    public MemberPage(int number, int capacity = MinimumCapacity)
    {
        Number = number;
        ids = new string[Math.Max(capacity, MinimumCapacity)];
        sequences = new uint[ids.Length];
    }

    /// <summary>Names the page's row; never reused for another page of the shard while this one is stored.</summary>
    public int Number { get; }

    public int Count { get; private set; }

    /// <summary>True when the page differs from its stored row (or has none yet).</summary>
    public bool Changed { get; set; } = true;

    public string First => ids[0];

    public string Last => ids[Count - 1];

    public ReadOnlySpan<string> Ids => ids.AsSpan(0, Count);

    public ReadOnlySpan<uint> Sequences => sequences.AsSpan(0, Count);

    /// <summary>The slot of <paramref name="id"/>, or the bitwise complement of where it would go.</summary>
    public int Find(string id)
    {
        int low = 0, high = Count - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var order = string.CompareOrdinal(ids[middle], id);
            if (order == 0)
            {
                return middle;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return ~low;
    }

    public string IdAt(int slot) => ids[slot];

    public uint SequenceAt(int slot) => sequences[slot];

    public void SetSequence(int slot, uint sequence)
    {
        sequences[slot] = sequence;
        Changed = true;
    }

    public void Insert(int slot, string id, uint sequence)
    {
        if (Count == ids.Length)
        {
            Array.Resize(ref ids, ids.Length * 2);
            Array.Resize(ref sequences, ids.Length);
        }

        Array.Copy(ids, slot, ids, slot + 1, Count - slot);
        Array.Copy(sequences, slot, sequences, slot + 1, Count - slot);
        ids[slot] = id;
        sequences[slot] = sequence;
        Count++;
        Changed = true;
    }

    public void RemoveAt(int slot)
    {
        Count--;
        Array.Copy(ids, slot + 1, ids, slot, Count - slot);
        Array.Copy(sequences, slot + 1, sequences, slot, Count - slot);
        ids[Count] = null!;
        Changed = true;
    }

    /// <summary>Moves the upper half of this page into a new page numbered <paramref name="number"/>.</summary>
    /// <remarks>Both halves keep a quarter of their size to grow into, not the doubled arrays a full page had.</remarks>
    public MemberPage SplitOff(int number)
    {
        var keep = Count / 2;
        var moved = Count - keep;
        var upper = new MemberPage(number, moved + moved / 4);
        Array.Copy(ids, keep, upper.ids, 0, moved);
        Array.Copy(sequences, keep, upper.sequences, 0, moved);
        upper.Count = moved;
        Array.Resize(ref ids, Math.Max(MinimumCapacity, keep + keep / 4));
        Array.Resize(ref sequences, ids.Length);
        Array.Clear(ids, keep, ids.Length - keep);
        Count = keep;
        Changed = true;
        return upper;
    }

    /// <summary>Appends a member known to sort after every member already here (a stored page being read back).</summary>
    internal void Append(string id, uint sequence) => Insert(Count, id, sequence);
}
