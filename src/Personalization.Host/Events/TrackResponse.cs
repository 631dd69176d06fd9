using System.Collections.Immutable;
using Personalization.Customers;

namespace Personalization.Host.Events;

public sealed record TrackResponse(ImmutableArray<string> Segments, ImmutableArray<string> Entered, ImmutableArray<string> Exited)
{
    public static TrackResponse From(SegmentChange change) => new(change.Segments, change.Entered, change.Exited);
}
