using Personalization.Customers;
using Personalization.Rules;

namespace Personalization.Grains.Tests;

/// <summary>
/// Clients resend an event after a failed answer. The engine then knows the event id, but knowing it in memory is not
/// having stored it: the "duplicate" answer, a 2xx over HTTP, must also mean stored.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RedeliveryTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_resent_event_whose_first_write_failed_is_answered_only_once_it_is_stored()
    {
        const string customerId = "resent-after-failure";
        var grainId = ClusterFixture.CustomerGrainId(customerId);
        var customer = fixture.Grains.GetGrain<ICustomerGrain>(customerId);
        var purchase = new TrackedEvent(new BehaviourEvent("purchase", fixture.Clock.GetUtcNow(), 30), "order-9");
        FailingWritesStorage.FailNextWrite(grainId);

        await Assert.ThrowsAnyAsync<Exception>(() => customer.TrackAsync(purchase));
        Assert.False((await fixture.ReadCustomerRowAsync(customerId, ClusterFixture.InnerCustomerStorage)).RecordExists);
        var resent = await customer.TrackAsync(purchase);

        Assert.Equal(1, resent.DuplicatesIgnored);
        var stored = await fixture.ReadCustomerRowAsync(customerId, ClusterFixture.InnerCustomerStorage);
        Assert.True(stored.RecordExists);
        Assert.Equal(["order-9"], stored.State.GetProperty("RecentEventIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, (await customer.GetSnapshotAsync()).Counters["purchase"].Count);
    }
}
