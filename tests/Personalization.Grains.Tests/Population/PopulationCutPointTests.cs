using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Personalization.Customers;
using Personalization.Rules;
using Personalization.Segments;

namespace Personalization.Grains.Tests.Population;

/// <summary>When a population refresh brings customers a new answer, and when it does not (a cluster of its own, so its customers are its whole population).</summary>
public sealed class PopulationCutPointTests(PopulationClusterFixture fixture) : IClassFixture<PopulationClusterFixture>
{
    [Fact]
    public async Task A_refresh_that_moves_a_compared_cut_point_sends_active_customers_a_new_catalog_and_one_that_does_not_keeps_it()
    {
        await fixture.Grains.GetGrain<ISegmentCatalogGrain>(0).PutAsync(new SegmentDraft("many-views", "Many views", null, "percentile(count(page_view)) >= 50"));
        await fixture.RefreshCatalogAsync();
        var now = PopulationClusterFixture.SharedClock.GetUtcNow();
        for (var i = 0; i < 10; i++)
        {
            var views = Enumerable.Range(0, i + 1).Select(_ => new TrackedEvent(new BehaviourEvent("page_view", now.AddMinutes(-5), null, null, null)));
            await fixture.Grains.GetGrain<ICustomerGrain>($"v-{i}").TrackManyAsync([.. views]);
        }

        await fixture.RefreshPopulationAsync();
        var catalogs = fixture.Silos.Select(silo => silo.GetRequiredService<SegmentCatalogCache>()).ToArray();
        var settled = catalogs.Select(cache => cache.Current).ToArray();

        await fixture.RefreshPopulationAsync();
        Assert.Equal(settled, catalogs.Select(cache => cache.Current));

        // Ten more customers with many views each move the median up.
        for (var i = 10; i < 20; i++)
        {
            var views = Enumerable.Range(0, 50).Select(_ => new TrackedEvent(new BehaviourEvent("page_view", now.AddMinutes(-5), null, null, null)));
            await fixture.Grains.GetGrain<ICustomerGrain>($"v-{i}").TrackManyAsync([.. views]);
        }

        await fixture.RefreshPopulationAsync();
        Assert.All(catalogs.Zip(settled), pair => Assert.NotSame(pair.Second, pair.First.Current));
        Assert.All(catalogs.Zip(settled), pair => Assert.Equal(pair.Second.Version, pair.First.Current.Version));
        ImmutableArray<string> segments = await fixture.Grains.GetGrain<ICustomerGrain>("v-9").GetSegmentsAsync();
        Assert.DoesNotContain("many-views", segments);
        Assert.Contains("many-views", await fixture.Grains.GetGrain<ICustomerGrain>("v-15").GetSegmentsAsync());
    }
}
