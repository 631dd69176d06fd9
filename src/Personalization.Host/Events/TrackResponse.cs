using System.Collections.Immutable;
using System.Text.Json;
using Personalization.Customers;
using Personalization.Host.Http;
using Personalization.Host.Identity;
using Personalization.Host.Security;
using Personalization.Security;

namespace Personalization.Host.Events;

public sealed record TrackResponse(ImmutableArray<string> Segments, ImmutableArray<string> Entered, ImmutableArray<string> Exited)
{
    public static TrackResponse From(SegmentChange change) => new(change.Segments, change.Entered, change.Exited);
}
