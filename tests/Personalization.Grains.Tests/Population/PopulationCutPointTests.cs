using Microsoft.Extensions.DependencyInjection;
using Personalization.Customers;
using Personalization.Population;
using Personalization.Rules;
using Personalization.Segments;

namespace Personalization.Grains.Tests.Population;

/// <summary>Which customers a population refresh re-evaluates (a cluster of its own, so its customers are its whole population).</summary>
public sealed class PopulationCutPointTests(PopulationClusterFixture fixture) : IClassFixture<PopulationClusterFixture>
{
    [Fact]
    public async Task A_refresh_that_moves_a_compared_cut_point_re_evaluates_the_customers_between_its_places_and_one_that_does_not_none()
    {
        await fixture.Grains.GetGrain<ISegmentCatalogGrain>(0).PutAsync(new SegmentDraft("many-views", "Many views", null, "percentile(count(page_view)) >= 50"));
        await fixture.RefreshCatalogAsync();
        var now = PopulationClusterFixture.SharedClock.GetUtcNow();
        for (var i = 0; i < 10; i++)
        {
            await ViewAsync($"v-{i}", views: i + 1, now);
        }

        await fixture.RefreshPopulationAsync();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i >= 5), await InSegmentAsync(0, 10));
        var settled = Marked();

        await fixture.RefreshPopulationAsync();
        Assert.Equal(settled, Marked());

        // Ten customers with 50 views each move the cut from above 5 views to above 10: customers with 6 to 10 views leave.
        for (var i = 10; i < 20; i++)
        {
            await ViewAsync($"v-{i}", views: 50, now);
        }

        await fixture.RefreshPopulationAsync();
        var marked = Marked() - settled;
        Assert.InRange(marked, 5, 59);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => i >= 10), await InSegmentAsync(0, 20));
    }

    private long Marked() => fixture.Silos.Sum(silo => silo.GetRequiredService<PopulationCache>().Marked);

    private Task ViewAsync(string customerId, int views, DateTimeOffset now) =>
        fixture.Grains.GetGrain<ICustomerGrain>(customerId).TrackManyAsync(
            [.. Enumerable.Range(0, views).Select(_ => new TrackedEvent(new BehaviourEvent("page_view", now.AddMinutes(-5), null, null, null)))]);

    private async Task<bool[]> InSegmentAsync(int from, int to)
    {
        var answers = new List<bool>();
        for (var i = from; i < to; i++)
        {
            answers.Add((await fixture.Grains.GetGrain<ICustomerGrain>($"v-{i}").GetSegmentsAsync()).Contains("many-views"));
        }

        return [.. answers];
    }
}
