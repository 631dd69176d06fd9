using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using Personalization.Customers;
using Personalization.Hosting;
using Personalization.Persistence;
using Personalization.Rules;

namespace Personalization.Grains.Tests;

/// <summary>
/// Buffered mode when two activations of a customer lived at once (a handover: a stopping host's activation and the one
/// another host started) and the other wrote the row first: this one's writes can no longer succeed. It ends (Orleans
/// deactivates an activation whose turn, here the flush timer's, threw <see cref="InconsistentStateException"/>), so
/// the customer is served from the stored row again: what the ended one buffered is lost, at most a flush interval of
/// changes, but it does not go on accepting events it can never store. docs/operations.md states this bound.
/// </summary>
public sealed class BufferedConflictTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TestCluster cluster = new TestClusterBuilder(1).AddSiloBuilderConfigurator<BufferedSilo>().Build();

    public Task InitializeAsync() => cluster.DeployAsync();

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task A_buffered_write_that_meets_another_activations_row_ends_the_activation_and_the_stored_row_is_served()
    {
        var storage = ((InProcessSiloHandle)cluster.Primary!).SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Customers);
        var now = DateTimeOffset.UtcNow;

        // The other activation's state: three page views, stored.
        var other = cluster.GrainFactory.GetGrain<ICustomerGrain>("conflict-other");
        for (var i = 0; i < 3; i++)
        {
            await other.TrackAsync(new TrackedEvent(new BehaviourEvent("page_view", now, null), $"view-{i}"));
        }

        var otherRow = await StoredAsync(storage, "conflict-other", row => row.GetProperty("RecentEventIds").GetArrayLength() == 3);

        // This activation stores a purchase; then the other writes the row over it, as the second of two activations would.
        var customer = cluster.GrainFactory.GetGrain<ICustomerGrain>("conflict-stale");
        await customer.TrackAsync(new TrackedEvent(new BehaviourEvent("purchase", now, 10), "order-1"));
        var stored = await StoredAsync(storage, "conflict-stale", row => row.TryGetProperty("RecentEventIds", out _));
        await storage.WriteStateAsync(CustomerGrain.StateName, ClusterFixture.CustomerGrainId("conflict-stale"), new GrainState<JsonElement>(otherRow.State, stored.ETag));

        // Its next buffered write conflicts.
        await customer.TrackAsync(new TrackedEvent(new BehaviourEvent("purchase", now, 10), "order-2"));

        var deadline = DateTime.UtcNow + Patience;
        CustomerSnapshot snapshot;
        do
        {
            await Task.Delay(100);
            snapshot = await customer.GetSnapshotAsync();
        }
        while (!snapshot.Counters.ContainsKey("page_view") && DateTime.UtcNow < deadline);

        Assert.True(snapshot.Counters.ContainsKey("page_view"), $"the activation whose writes conflict still serves its own state: {string.Join(", ", snapshot.Counters.Keys)}");
        Assert.Equal(3, snapshot.Counters["page_view"].Count);
        Assert.False(snapshot.Counters.ContainsKey("purchase"));
    }

    private static async Task<GrainState<JsonElement>> StoredAsync(IGrainStorage storage, string customerId, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var row = new GrainState<JsonElement>();
            await storage.ReadStateAsync(CustomerGrain.StateName, ClusterFixture.CustomerGrainId(customerId), row);
            if (row.RecordExists && done(row.State))
            {
                return row;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{customerId} was not stored within {Patience.TotalSeconds} s");
            await Task.Delay(50);
        }
    }

    private sealed class BufferedSilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddMemoryGrainStorage(StorageNames.Customers);
            silo.AddMemoryGrainStorage(StorageNames.Catalog);
            silo.AddMemoryGrainStorage(StorageNames.Membership);
            silo.AddPersonalizationGrains(configureCustomers: customers => customers.Configure(options =>
            {
                options.Durability = DurabilityMode.Buffered;
                options.FlushInterval = TimeSpan.FromMilliseconds(100);
            }));
        }
    }
}
