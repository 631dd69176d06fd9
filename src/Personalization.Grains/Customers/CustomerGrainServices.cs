using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using Personalization.Membership;
using Personalization.Segments;

namespace Personalization.Customers;

/// <summary>
/// The silo-wide services every customer grain uses, resolved once. A grain that took them as constructor
/// parameters held eight references of its own to the same objects (and a copy of the listener array) and resolved
/// them from the container on every activation; a million active customers made that 70 MB and a DI walk per activation.
/// </summary>
internal sealed class CustomerGrainServices(
    SegmentCatalogCache catalogs,
    ActiveCustomers activeCustomers,
    [FromKeyedServices(EngineClock.ServiceKey)] TimeProvider time,
    IOptions<CustomerStateOptions> options,
    IEnumerable<ICustomerActivityListener> listeners,
    MembershipPublisher publisher,
    ReevaluationSchedule schedule,
    [FromKeyedServices(StorageNames.Customers)] IGrainStorage storage)
{
    public SegmentCatalogCache Catalogs { get; } = catalogs;

    public ActiveCustomers ActiveCustomers { get; } = activeCustomers;

    public TimeProvider Time { get; } = time;

    public CustomerStateOptions Options { get; } = options.Value;

    public ICustomerActivityListener[] Listeners { get; } = [.. listeners];

    public MembershipPublisher Publisher { get; } = publisher;

    public ReevaluationSchedule Schedule { get; } = schedule;

    public IGrainStorage Storage { get; } = storage;
}
