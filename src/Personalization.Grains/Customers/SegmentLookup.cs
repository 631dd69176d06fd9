using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Personalization.Segments;
using Personalization.Timing;

namespace Personalization.Customers;

/// <summary>
/// The per-page segment lookup for code running in a silo (the co-hosted HTTP API). A customer active on this silo whose
/// last evaluation still holds (same catalog, no window edge passed) is answered from <see cref="ActiveCustomers"/>
/// without a grain call, which from an ASP.NET request costs more than the lookup itself; anything else asks the grain,
/// which evaluates again first.
/// </summary>
public sealed class SegmentLookup(
    IGrainFactory grains,
    ActiveCustomers activeCustomers,
    SegmentCatalogCache catalogs,
    [FromKeyedServices(EngineClock.ServiceKey)] TimeProvider time)
{
    public ValueTask<ImmutableArray<string>> GetSegmentsAsync(string customerId) =>
        activeCustomers.TryGetCurrentSegments(customerId, catalogs.Current, time.GetUtcNow(), out var segments, out var resolvedId)
            ? ValueTask.FromResult(segments)
            : grains.GetCustomerGrain(resolvedId).GetSegmentsAsync();
}
