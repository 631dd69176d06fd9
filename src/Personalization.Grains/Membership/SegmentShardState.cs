using System.Text.Json.Serialization;

namespace Personalization.Membership;

/// <summary>A segment shard's own row: its hourly counts and which member pages it has stored.</summary>
public sealed class SegmentShardState
{
    /// <summary>
    /// Members as rows stored them before members were paged; read once and moved into pages, never written.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SegmentMembers? Members { get; set; }

    /// <summary>The numbers of the stored member pages (<see cref="SegmentShardStore"/> names their rows).</summary>
    public List<int> Pages { get; set; } = [];

    /// <summary>The number the next new page takes, so that no number is used twice.</summary>
    public int NextPage { get; set; }

    /// <summary>Entries and exits per hour (UTC, as Unix hours), kept for <see cref="SegmentMembershipStreams.HistoryHours"/>.</summary>
    public SortedDictionary<long, HourCounts> Hours { get; set; } = [];
}
