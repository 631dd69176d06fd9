namespace Personalization.Membership;

/// <summary>One stored page of a segment shard's members: ids in ordinal order and their sequences, index for index.</summary>
public sealed class MemberPageState
{
    public List<string> Ids { get; set; } = [];

    public List<uint> Sequences { get; set; } = [];
}
