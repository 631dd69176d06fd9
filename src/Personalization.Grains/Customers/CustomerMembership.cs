using System.Collections.Immutable;
using Personalization.Rules;

namespace Personalization.Customers;

/// <summary>
/// Segments a customer grain evaluated, against which catalog, and until when its answer holds with no new event.
/// Immutable, so a reader on another thread sees one consistent answer.
/// </summary>
/// <param name="ValidUntilUtcTicks">The next instant a rule can change with no new event, <see cref="long.MaxValue"/> when none can.</param>
public sealed record CustomerMembership(ImmutableArray<string> Segments, SegmentCatalog Catalog, long ValidUntilUtcTicks)
{
    /// <summary>True when the grain would answer the same without evaluating again.</summary>
    public bool IsCurrent(SegmentCatalog current, DateTimeOffset now) =>
        ReferenceEquals(Catalog, current) && now.UtcTicks < ValidUntilUtcTicks;
}
