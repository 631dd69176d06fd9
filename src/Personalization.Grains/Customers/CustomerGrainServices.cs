using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;
using Personalization.Identity;
using Personalization.Membership;
using Personalization.Persistence;
using Personalization.Segments;
using Personalization.Timing;

namespace Personalization.Customers;

/// <summary>
/// The silo-wide services every customer grain uses, resolved once. A grain holds one reference to this instead of a
/// reference per service (and a copy of the listener array) resolved from the container on every activation, which a
/// million active customers would each pay.
/// </summary>
internal sealed class CustomerGrainServices(
    SegmentCatalogCache catalogs,
    ActiveCustomers activeCustomers,
    [FromKeyedServices(EngineClock.ServiceKey)] TimeProvider time,
    IOptions<CustomerStateOptions> options,
    IEnumerable<ICustomerActivityListener> listeners,
    MembershipPublisher publisher,
    ReevaluationSchedule schedule,
    [FromKeyedServices(StorageNames.Customers)] IGrainStorage storage,
    IOptions<GrainCollectionOptions> collection,
    IOptions<IdentityOptions> identity)
{
    public SegmentCatalogCache Catalogs { get; } = catalogs;

    public ActiveCustomers ActiveCustomers { get; } = activeCustomers;

    public TimeProvider Time { get; } = time;

    public CustomerStateOptions Options { get; } = options.Value;

    public ICustomerActivityListener[] Listeners { get; } = [.. listeners];

    public MembershipPublisher Publisher { get; } = publisher;

    public ReevaluationSchedule Schedule { get; } = schedule;

    public IGrainStorage Storage { get; } = storage;

    public IdentityOptions Identity { get; } = identity.Value;

    /// <summary>
    /// How often, in milliseconds, a customer that is handed its events directly (<see cref="CustomerEvents"/>) leaves
    /// one to a grain call: Orleans' idle collection counts only its own requests, so without one the activation would be
    /// collected a collection age after its last grain call however busy it was. A quarter of the age keeps a busy
    /// customer active and an idle one collected between three quarters of the age and the age after its last event.
    /// </summary>
    public int GrainCallIntervalMs { get; } = GrainCallInterval(collection.Value);

    private static int GrainCallInterval(GrainCollectionOptions collection)
    {
        var age = collection.ClassSpecificCollectionAge.TryGetValue(typeof(CustomerGrain).FullName!, out var specific) ? specific : collection.CollectionAge;

        // Milliseconds of Environment.TickCount, whose differences hold up to 24 days; a grain exempt from collection needs no call.
        return age == Timeout.InfiniteTimeSpan ? int.MaxValue : (int)Math.Min(age.TotalMilliseconds / 4, TimeSpan.FromDays(1).TotalMilliseconds);
    }
}
