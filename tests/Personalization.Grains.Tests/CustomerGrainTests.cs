using System.Collections.Immutable;
using Orleans.Runtime;
using Personalization.Customers;
using Personalization.Rules;
using Personalization.Segments;

namespace Personalization.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class CustomerGrainTests(ClusterFixture fixture)
{
    private ICustomerGrain Customer(string id) => fixture.Grains.GetGrain<ICustomerGrain>(id);

    private async Task DefineAsync(string id, string rule)
    {
        var result = await fixture.Grains.GetGrain<ISegmentCatalogGrain>(0).PutAsync(new SegmentDraft(id, id, null, rule));
        Assert.Contains(result.Status, new[] { SegmentWriteStatus.Created, SegmentWriteStatus.Saved });

        // Silos poll the catalog; refreshing directly makes the new version visible to the next call at once.
        await fixture.RefreshCatalogAsync();
    }

    private TrackedEvent Event(string type, double? value = null, string? eventId = null) =>
        new(new BehaviourEvent(type, fixture.Clock.GetUtcNow(), value), eventId);

    [Fact]
    public async Task Every_event_re_evaluates_segments_and_reports_entries_and_exits()
    {
        await DefineAsync("g-two-purchases", "count(purchase) >= 2");
        await DefineAsync("g-browser", "count(page_view) > 0 and count(purchase) == 0");
        var customer = Customer("grain-1");

        var browsed = await customer.TrackAsync(Event("page_view"));
        Assert.Contains("g-browser", browsed.Change.Entered);

        await customer.TrackAsync(Event("purchase", 10));
        var second = await customer.TrackAsync(Event("purchase", 20));

        Assert.Contains("g-two-purchases", second.Change.Entered);
        Assert.Contains("g-two-purchases", second.Change.Segments);
        Assert.DoesNotContain("g-browser", second.Change.Segments);
        Assert.Contains("g-two-purchases", await customer.GetSegmentsAsync());
    }

    [Fact]
    public async Task State_survives_deactivation()
    {
        await DefineAsync("g-spender", "sum(purchase.value) >= 100");
        var customer = Customer("grain-persist");
        await customer.TrackManyAsync([Event("purchase", 60), Event("purchase", 50)]);

        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var snapshot = await customer.GetSnapshotAsync();
        Assert.Equal(2, snapshot.Counters["purchase"].Count);
        Assert.Equal(110, snapshot.Counters["purchase"].Sum);
        Assert.Contains("g-spender", snapshot.Segments);
    }

    [Fact]
    public async Task Profile_changes_move_customers_between_segments()
    {
        await DefineAsync("g-czech", "country in [\"CZ\", \"SK\"]");
        var customer = Customer("grain-profile");

        var entered = await customer.ReplaceProfileAsync(ImmutableDictionary<string, RuleValue>.Empty.Add("country", RuleValue.FromString("CZ")));
        var exited = await customer.MergeProfileAsync(ImmutableDictionary<string, RuleValue>.Empty.Add("country", RuleValue.Null));

        Assert.Contains("g-czech", entered.Entered);
        Assert.Contains("g-czech", exited.Exited);
        Assert.Empty((await customer.GetSnapshotAsync()).Profile);
    }

    [Fact]
    public async Task A_redelivered_event_id_is_counted_once_even_after_reactivation()
    {
        var customer = Customer("grain-dedupe");

        var first = await customer.TrackManyAsync([Event("purchase", 10, "inv-1"), Event("purchase", 20, "inv-2"), Event("purchase", 10, "inv-1")]);
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var again = await customer.TrackAsync(Event("purchase", 20, "inv-2"));
        await customer.TrackAsync(Event("purchase", 5));

        Assert.Equal(1, first.DuplicatesIgnored);
        Assert.Equal(1, again.DuplicatesIgnored);
        var purchases = (await customer.GetSnapshotAsync()).Counters["purchase"];
        Assert.Equal(3, purchases.Count);
        Assert.Equal(35, purchases.Sum);
    }

    [Fact]
    public async Task Erase_removes_the_stored_state()
    {
        var customer = Customer("grain-erase");
        await customer.TrackAsync(Event("purchase", 10));

        await customer.EraseAsync();

        var snapshot = await customer.GetSnapshotAsync();
        Assert.Empty(snapshot.Counters);
        Assert.Null(snapshot.FirstSeen);
    }
}
