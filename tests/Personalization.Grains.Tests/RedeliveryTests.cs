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

    /// <summary>
    /// The acknowledged event lost at a failover (docs/operations.md), step by step. A lookup activated the customer
    /// before anything of it was stored; its first event was recorded, then its save failed at the directory
    /// registration (the shard lived on the killed silo): HTTP 500. The resend found the id and was answered
    /// "duplicate"; then the survivors deactivated the activation, as Orleans does with every activation whose directory
    /// entry the dead silo held, and the event was gone. "Duplicate" must mean stored, whichever step of the save failed.
    /// </summary>
    [Fact]
    public async Task An_event_whose_save_failed_at_the_directory_is_stored_before_its_resend_is_answered_duplicate_and_outlives_the_activation()
    {
        const string customerId = "resent-after-failed-registration";
        var customer = fixture.Grains.GetGrain<ICustomerGrain>(customerId);
        var purchase = new TrackedEvent(new BehaviourEvent("purchase", fixture.Clock.GetUtcNow(), 30), "order-10");
        var shard = fixture.Grains.GetGrain<ICustomerDirectoryGrain>(ICustomerDirectoryGrain.ShardOf(customerId));
        var countedBefore = await shard.CountAsync();
        await customer.GetSegmentsAsync();
        FailingRegistrations.FailNextRegistration(customerId);

        await Assert.ThrowsAsync<SiloUnavailableException>(() => customer.TrackAsync(purchase));
        var resent = await customer.TrackAsync(purchase);

        Assert.Equal(1, resent.DuplicatesIgnored);
        var stored = await fixture.ReadCustomerRowAsync(customerId, ClusterFixture.InnerCustomerStorage);
        Assert.True(stored.RecordExists, "the resend was answered duplicate with nothing stored");
        Assert.Equal(["order-10"], stored.State.GetProperty("RecentEventIds").EnumerateArray().Select(e => e.GetString()));

        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        Assert.Equal(1, (await customer.GetSnapshotAsync()).Counters["purchase"].Count);
        Assert.Equal(countedBefore + 1, await shard.CountAsync());
    }

    /// <summary>
    /// The same failed save with no resend before the activation ends: the recorded event is written as the activation
    /// ends (its caller saw a failure, so storing it is allowed, and dropping it would make a later "duplicate" answer
    /// depend on which activation the resend meets), and the resend then counts it once.
    /// </summary>
    [Fact]
    public async Task An_event_whose_save_failed_at_the_directory_is_written_as_the_activation_ends_and_counts_once_when_resent()
    {
        const string customerId = "failed-registration-then-deactivated";
        var customer = fixture.Grains.GetGrain<ICustomerGrain>(customerId);
        var purchase = new TrackedEvent(new BehaviourEvent("purchase", fixture.Clock.GetUtcNow(), 30), "order-11");
        await customer.GetSegmentsAsync();
        FailingRegistrations.FailNextRegistration(customerId);
        await Assert.ThrowsAsync<SiloUnavailableException>(() => customer.TrackAsync(purchase));

        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        Assert.True((await fixture.ReadCustomerRowAsync(customerId, ClusterFixture.InnerCustomerStorage)).RecordExists);
        var resent = await customer.TrackAsync(purchase);
        Assert.Equal(1, resent.DuplicatesIgnored);
        Assert.Equal(1, (await customer.GetSnapshotAsync()).Counters["purchase"].Count);
    }
}
