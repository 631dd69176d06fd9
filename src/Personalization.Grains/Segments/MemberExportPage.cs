using System.Collections.Immutable;

namespace Personalization.Segments;

/// <summary>A page of a segment's members and where the next page starts (null after the last shard).</summary>
public sealed record MemberExportPage(ImmutableArray<string> Members, MemberPosition? Next);
