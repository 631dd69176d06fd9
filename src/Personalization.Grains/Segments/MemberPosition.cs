namespace Personalization.Segments;

/// <summary>A position in a segment's members: a membership shard and the last id read from it (null: its start).</summary>
public sealed record MemberPosition(int Shard, string? After)
{
    public static MemberPosition Start { get; } = new(0, null);
}
