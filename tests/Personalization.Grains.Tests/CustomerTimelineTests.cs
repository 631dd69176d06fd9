using Personalization.Customers;
using Personalization.Identity;
using Personalization.Rules;

namespace Personalization.Grains.Tests;

/// <summary>A customer's recent events, as the console's timeline reads them from the customer grain.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CustomerTimelineTests(ClusterFixture fixture)
{
    private ICustomerTimelineGrain Timeline(string id) => fixture.Grains.GetGrain<ICustomerTimelineGrain>(id);

    private TrackedEvent Event(string type, int minutesAgo, double? value = null) =>
        new(new BehaviourEvent(type, fixture.Clock.GetUtcNow().AddMinutes(-minutesAgo), value), null);

    private static (string, DateTimeOffset, double?, string?) Fields(RecentEvent e) => (e.Type, e.Timestamp, e.Value, e.SessionId);

    [Fact]
    public async Task The_newest_events_of_every_type_come_newest_first_up_to_the_limit()
    {
        await fixture.Grains.GetCustomerGrain("timeline-1").TrackManyAsync([Event("page_view", 30), Event("purchase", 20, 12.5), Event("page_view", 10), Event("add_to_cart", 5, 3)]);

        var all = await Timeline("timeline-1").GetRecentEventsAsync(10);
        var two = await Timeline("timeline-1").GetRecentEventsAsync(2);

        Assert.Equal(["add_to_cart", "page_view", "purchase", "page_view"], all.Select(e => e.Type));
        Assert.Equal(12.5, all[2].Value);
        Assert.Equal(fixture.Clock.GetUtcNow().AddMinutes(-20).UtcTicks, all[2].Timestamp.UtcTicks);
        Assert.Equal(all.Take(2).Select(Fields), two.Select(Fields));
    }

    [Fact]
    public async Task A_limit_outside_1_to_1000_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Timeline("timeline-2").GetRecentEventsAsync(0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Timeline("timeline-2").GetRecentEventsAsync(ICustomerTimelineGrain.MaxRecentEvents + 1));
    }

    [Fact]
    public async Task An_alias_answers_with_the_timeline_of_the_customer_it_was_merged_into()
    {
        await fixture.Grains.GetCustomerGrain("timeline-anon").TrackAsync(Event("page_view", 15));
        await fixture.Grains.GetCustomerGrain("timeline-known").TrackAsync(Event("purchase", 5, 40));
        await fixture.Grains.GetGrain<ICustomerIdentityGrain>("timeline-known").IdentifyAsync("timeline-anon", mergeKnownCustomers: false);

        var known = await Timeline("timeline-known").GetRecentEventsAsync(10);

        Assert.Equal(["purchase", "page_view"], known.Select(e => e.Type));
        Assert.Equal(known.Select(Fields), (await Timeline("timeline-anon").GetRecentEventsAsync(10)).Select(Fields));
    }
}
