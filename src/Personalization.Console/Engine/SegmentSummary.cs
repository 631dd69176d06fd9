using System.Collections.Immutable;
using Personalization.Segments;

namespace Personalization.Console.Engine;

/// <summary>A segment in the list: its definition, size and the last 7 days' entries and exits per day.</summary>
public sealed record SegmentSummary(SegmentDefinition Definition, int Size, ImmutableArray<int> DailyEntries, ImmutableArray<int> DailyExits);
