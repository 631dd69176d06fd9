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

        var old = JsonSerializer.Deserialize<SegmentShardState>("""{"Members":{"a":3,"b":9},"Hours":{}}""")!;
        Assert.Equal(2, old.Members.Count);
        Assert.False(old.Members.Enter("b", 8, Same, out _));
        Assert.True(old.Members.Exit("a", 4));
        Assert.Equal(["b"], old.Members.Ids);
    }
}
