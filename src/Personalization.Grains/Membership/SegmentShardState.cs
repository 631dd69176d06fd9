namespace Personalization.Membership;

public sealed class SegmentShardState
{
    /// <summary>Members and the sequence of the change that made them members.</summary>
    public SegmentMembers Members { get; set; } = new();

    /// <summary>Entries and exits per hour (UTC, as Unix hours), kept for <see cref="SegmentMembershipStreams.HistoryHours"/>.</summary>
    public SortedDictionary<long, HourCounts> Hours { get; set; } = [];
}
