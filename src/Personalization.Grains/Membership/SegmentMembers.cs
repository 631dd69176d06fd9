using System.Text.Json;
using System.Text.Json.Serialization;

namespace Personalization.Membership;

/// <summary>
/// The members of one segment shard, each with the sequence of the change that made it a member, so that a stale or
/// redelivered change (an older sequence) is dropped. Kept in ordinal order of ids, in pages of at most
/// <see cref="MaxPageSize"/> members that are stored as rows of their own.
/// </summary>
/// <remarks>
/// Paged because a shard's members are not bounded by what one stored row holds: an Azure Table row takes at most
/// 1 MiB (about 50,000 ids), and a segment of 10,000,000 customers puts 625,000 in each of its 16 shards. A change
/// rewrites only its own page, and an export reads a page in time that does not grow with the shard: the pages are
/// found by binary search on their first ids, and a member within its page the same way. Sequences are kept as their
/// low 32 bits and compared with wrap-around, which is right while a customer's changes that can still be in flight
/// are fewer than two billion apart.
/// </remarks>
[JsonConverter(typeof(SegmentMembersJsonConverter))]
public sealed class SegmentMembers
{
    /// <summary>
    /// The most members a page holds before it splits in two. 4,096 ids of the longest customer id allowed (128
    /// characters) serialize to about 600 KB, within an Azure Table row's 960 KiB of state even uncompressed.
    /// </summary>
    public const int MaxPageSize = 4096;

    // Ordered by first id; never empty. The first page also takes ids smaller than every first id.
    private readonly List<MemberPage> pages = [];

    public SegmentMembers()
        : this([], 0)
    {
    }

    /// <summary>Members read back from stored pages, given in any order; <paramref name="nextPageNumber"/> numbers the next new one.</summary>
    /// <remarks>
    /// Stored pages cover ranges that do not overlap, except after a host stopped between writing a split page's two
    /// halves: then the members of a page that overlaps the ones before it are entered again one by one (the later
    /// sequence of an id wins) and its number is dropped, so its row goes at the next write.
    /// </remarks>
    public SegmentMembers(IEnumerable<MemberPage> stored, int nextPageNumber)
    {
        var overlapping = new List<MemberPage>();
        foreach (var page in stored.Where(page => page.Count > 0).OrderBy(page => page.First, StringComparer.Ordinal))
        {
            if (pages.Count == 0 || string.CompareOrdinal(page.First, pages[^1].Last) > 0)
            {
                pages.Add(page);
            }
            else
            {
                overlapping.Add(page);
            }
        }

        NextPageNumber = Math.Max(nextPageNumber, stored.Select(page => page.Number + 1).DefaultIfEmpty(0).Max());
        if (pages.Count == 0)
        {
            pages.Add(new MemberPage(NextPageNumber++));
        }

        Count = pages.Sum(page => page.Count);
        foreach (var page in overlapping)
        {
            for (var slot = 0; slot < page.Count; slot++)
            {
                Enter(page.IdAt(slot), page.SequenceAt(slot), id => id, out _);
            }
        }
    }

    public int Count { get; private set; }

    /// <summary>Every member, in ordinal order.</summary>
    public IEnumerable<string> Ids => After(null, int.MaxValue);

    public IReadOnlyList<MemberPage> Pages => pages;

    /// <summary>The number the next page split off will take.</summary>
    public int NextPageNumber { get; private set; }

    public bool Contains(string customerId) => pages[PageOf(customerId)].Find(customerId) >= 0;

    /// <summary>Makes the customer a member unless it already is one by this or a later change.</summary>
    /// <param name="keptId">
    /// The id instance to keep for a new member (the silo's shared one); asked only when the customer is not a member.
    /// </param>
    /// <returns>Whether the change was applied; <paramref name="added"/> tells whether the customer was not a member before.</returns>
    public bool Enter(string customerId, long sequence, Func<string, string> keptId, out bool added)
    {
        var index = PageOf(customerId);
        var page = pages[index];
        var slot = page.Find(customerId);
        added = slot < 0;
        if (added)
        {
            page.Insert(~slot, keptId(customerId), (uint)sequence);
            Count++;
            if (page.Count > MaxPageSize)
            {
                pages.Insert(index + 1, page.SplitOff(NextPageNumber++));
            }

            return true;
        }

        if (!IsLater((uint)sequence, page.SequenceAt(slot)))
        {
            return false;
        }

        page.SetSequence(slot, (uint)sequence);
        return true;
    }

    /// <summary>Ends the customer's membership if it is a member by an earlier change.</summary>
    public bool Exit(string customerId, long sequence)
    {
        var index = PageOf(customerId);
        var page = pages[index];
        var slot = page.Find(customerId);
        if (slot < 0 || !IsLater((uint)sequence, page.SequenceAt(slot)))
        {
            return false;
        }

        page.RemoveAt(slot);
        Count--;
        if (page.Count == 0 && pages.Count > 1)
        {
            // Its row goes at the next write: the shard's row no longer names it.
            pages.RemoveAt(index);
        }

        return true;
    }

    /// <summary>Up to <paramref name="limit"/> members after <paramref name="afterCustomerId"/> (exclusive; null: from the first), in ordinal order.</summary>
    public IEnumerable<string> After(string? afterCustomerId, int limit)
    {
        var index = afterCustomerId is null ? 0 : PageOf(afterCustomerId);
        var slot = 0;
        if (afterCustomerId is not null)
        {
            var found = pages[index].Find(afterCustomerId);
            slot = found >= 0 ? found + 1 : ~found;
        }

        for (; index < pages.Count && limit > 0; index++, slot = 0)
        {
            var page = pages[index];
            for (; slot < page.Count && limit > 0; slot++, limit--)
            {
                yield return page.IdAt(slot);
            }
        }
    }

    internal IEnumerable<KeyValuePair<string, uint>> Entries()
    {
        foreach (var page in pages)
        {
            for (var slot = 0; slot < page.Count; slot++)
            {
                yield return new(page.IdAt(slot), page.SequenceAt(slot));
            }
        }
    }

    /// <summary>Reads a member of a row written before members were paged, keeping the later of two sequences for an id.</summary>
    internal void Load(string customerId, long sequence) => Enter(customerId, sequence, id => id, out _);

    private static bool IsLater(uint candidate, uint held) => unchecked((int)(candidate - held)) > 0;

    /// <summary>The last page whose first id is not after <paramref name="customerId"/>, or the first page.</summary>
    private int PageOf(string customerId)
    {
        int low = 1, high = pages.Count - 1, found = 0;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            if (string.CompareOrdinal(pages[middle].First, customerId) <= 0)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return found;
    }
}
