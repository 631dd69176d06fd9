using System.Text.Json;
using Personalization.Membership;

namespace Personalization.Grains.Tests;

public sealed class SegmentMembersTests
{
    private static readonly Func<string, string> Same = id => id;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_entries_and_exits_leave_the_members_a_dictionary_of_latest_sequences_would_hold(int seed)
    {
        var random = new Random(seed);
        var members = new SegmentMembers();
        var expected = new Dictionary<string, long>(StringComparer.Ordinal);
        var sequences = new Dictionary<string, long>(StringComparer.Ordinal);

        for (var step = 0; step < 20_000; step++)
        {
            var id = "c-" + random.Next(3_000);
            var sequence = sequences[id] = sequences.GetValueOrDefault(id) + 1;

            // Now and then a change arrives again or late, with an older sequence than the customer's latest.
            var stale = random.Next(10) == 0 && sequence > 2;
            var delivered = stale ? sequence - 2 : sequence;
            var known = expected.TryGetValue(id, out var held);
            if (random.Next(3) > 0)
            {
                var applies = !known || held < delivered;
                Assert.Equal(applies, members.Enter(id, delivered, Same, out var added));
                Assert.Equal(applies && !known, added);
                if (applies)
                {
                    expected[id] = delivered;
                }
            }
            else
            {
                var applies = known && held < delivered;
                Assert.Equal(applies, members.Exit(id, delivered));
                if (applies)
                {
                    expected.Remove(id);
                }
            }
        }

        Assert.Equal(expected.Count, members.Count);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), members.Ids.Order(StringComparer.Ordinal));
        Assert.All(expected.Keys, id => Assert.True(members.Contains(id)));
        Assert.False(members.Contains("c-never"));
    }

    [Fact]
    public void Every_member_can_leave_and_the_table_answers_as_empty()
    {
        var members = new SegmentMembers();
        var ids = Enumerable.Range(0, 1_000).Select(i => "m-" + i).ToArray();
        foreach (var id in ids)
        {
            Assert.True(members.Enter(id, 1, Same, out _));
        }

        foreach (var id in ids.Reverse())
        {
            Assert.True(members.Exit(id, 2));
        }

        Assert.Equal(0, members.Count);
        Assert.Empty(members.Ids);
        Assert.All(ids, id => Assert.False(members.Contains(id)));
    }

    [Fact]
    public void A_new_member_keeps_the_shared_id_instance_and_a_known_one_asks_for_none()
    {
        var members = new SegmentMembers();
        var shared = new string("c-1".AsSpan());
        var asked = 0;
        string Share(string id)
        {
            asked++;
            return shared;
        }

        Assert.True(members.Enter(new string("c-1".AsSpan()), 1, Share, out _));
        Assert.True(members.Enter(new string("c-1".AsSpan()), 2, Share, out var added));

        Assert.False(added);
        Assert.Equal(1, asked);
        Assert.Same(shared, Assert.Single(members.Ids));
    }

    [Fact]
    public void Sequences_compare_across_the_32_bit_wrap()
    {
        var members = new SegmentMembers();
        var beforeWrap = uint.MaxValue - 1L;
        Assert.True(members.Enter("c", beforeWrap, Same, out _));
        Assert.True(members.Enter("c", beforeWrap + 5, Same, out var added));
        Assert.False(added);
        Assert.False(members.Exit("c", beforeWrap + 1));
        Assert.True(members.Exit("c", beforeWrap + 6));
    }

    [Fact]
    public void Members_are_stored_as_an_object_of_ids_to_sequences_and_read_from_rows_written_as_a_dictionary_of_longs()
    {
        var members = new SegmentMembers();
        members.Enter("a", 3, Same, out _);
        members.Enter("b", 9, Same, out _);

        var json = JsonSerializer.Serialize(members);
        Assert.Equal(new Dictionary<string, long> { ["a"] = 3, ["b"] = 9 }, JsonSerializer.Deserialize<Dictionary<string, long>>(json));

        var old = JsonSerializer.Deserialize<SegmentShardState>("""{"Members":{"a":3,"b":9},"Hours":{}}""")!.Members!;
        Assert.Equal(2, old.Count);
        Assert.False(old.Enter("b", 8, Same, out _));
        Assert.True(old.Exit("a", 4));
        Assert.Equal(["b"], old.Ids);
        Assert.DoesNotContain("Members", JsonSerializer.Serialize(new SegmentShardState()));
    }

    [Fact]
    public void A_page_that_outgrows_its_limit_splits_in_two_and_members_stay_in_ordinal_order_across_pages()
    {
        var members = new SegmentMembers();
        var ids = Enumerable.Range(0, 3 * SegmentMembers.MaxPageSize).Select(i => $"c-{i * 7919 % 100_003:D6}").ToArray();
        foreach (var id in ids)
        {
            members.Enter(id, 1, Same, out _);
        }

        var ordered = ids.Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(ordered, members.Ids);
        Assert.InRange(members.Pages.Count, 3, 6);
        Assert.All(members.Pages, page => Assert.InRange(page.Count, 1, SegmentMembers.MaxPageSize));
        Assert.Equal(members.Pages.Count, members.Pages.Select(page => page.Number).Distinct().Count());
        for (var i = 1; i < members.Pages.Count; i++)
        {
            Assert.True(string.CompareOrdinal(members.Pages[i - 1].Last, members.Pages[i].First) < 0);
        }

        Assert.Equal(ordered.Skip(5_000).Take(300), members.After(ordered[4_999], 300));
        Assert.Equal(ordered.Where(id => string.CompareOrdinal(id, "c-05") > 0).Take(10), members.After("c-05", 10));
        Assert.Empty(members.After(ordered[^1], 10));
    }

    [Fact]
    public void Emptied_pages_are_dropped_and_the_last_one_stays()
    {
        var members = new SegmentMembers();
        var ids = Enumerable.Range(0, 2 * SegmentMembers.MaxPageSize).Select(i => $"c-{i:D6}").ToArray();
        foreach (var id in ids)
        {
            members.Enter(id, 1, Same, out _);
        }

        foreach (var id in ids.Take(SegmentMembers.MaxPageSize * 3 / 2))
        {
            members.Exit(id, 2);
        }

        Assert.Equal(ids.Skip(SegmentMembers.MaxPageSize * 3 / 2), members.Ids);
        Assert.All(members.Pages, page => Assert.True(page.Count > 0));
        foreach (var id in ids.Skip(SegmentMembers.MaxPageSize * 3 / 2))
        {
            members.Exit(id, 2);
        }

        Assert.Equal(0, members.Count);
        Assert.Single(members.Pages);
        Assert.True(members.Enter("c-again", 3, Same, out _));
        Assert.Equal(["c-again"], members.Ids);
    }

    [Fact]
    public void Pages_read_back_overlapping_after_an_interrupted_split_keep_each_id_once_with_its_later_sequence()
    {
        var whole = Page(1, ("a", 1), ("b", 1), ("c", 1), ("d", 1));
        var upperHalf = Page(2, ("c", 5), ("d", 1), ("e", 1));
        var after = Page(3, ("x", 1));

        var members = new SegmentMembers([after, upperHalf, whole], nextPageNumber: 4);

        Assert.Equal(["a", "b", "c", "d", "e", "x"], members.Ids);
        Assert.Equal(6, members.Count);
        Assert.False(members.Enter("c", 4, Same, out _));
        Assert.True(members.Enter("c", 6, Same, out _));
        Assert.DoesNotContain(members.Pages, page => page.Number == 2);
        Assert.Equal(4, members.NextPageNumber);
    }

    private static MemberPage Page(int number, params (string Id, uint Sequence)[] members)
    {
        var page = new MemberPage(number);
        foreach (var (id, sequence) in members)
        {
            page.Append(id, sequence);
        }

        return page;
    }
}
