using Personalization.Segments;

namespace Personalization.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class SegmentCatalogGrainTests(ClusterFixture fixture)
{
    private ISegmentCatalogGrain Catalog => fixture.Grains.GetGrain<ISegmentCatalogGrain>(0);

    [Fact]
    public async Task Saving_bumps_the_catalog_version_and_the_segment_version()
    {
        var before = (await Catalog.GetSnapshotAsync()).Version;

        var first = await Catalog.PutAsync(new SegmentDraft("cat-versioned", "V", null, "count(purchase) > 0"));
        var second = await Catalog.PutAsync(new SegmentDraft("cat-versioned", "V", "now with a description", "count(purchase) > 1"));

        Assert.Equal(1, first.Segment!.Version);
        Assert.Equal(2, second.Segment!.Version);
        Assert.Equal(first.Segment.CreatedAt, second.Segment.CreatedAt);
        Assert.True((await Catalog.GetSnapshotAsync()).Version >= before + 2);
        Assert.Null(await Catalog.GetSnapshotIfChangedAsync((await Catalog.GetSnapshotAsync()).Version));
    }

    [Fact]
    public async Task An_invalid_rule_is_refused_with_its_position_and_nothing_changes()
    {
        var before = await Catalog.GetSnapshotAsync();

        var result = await Catalog.PutAsync(new SegmentDraft("cat-broken", "B", null, "count(purchase >= 2"));

        Assert.Equal(SegmentWriteStatus.InvalidRule, result.Status);
        Assert.Equal(1, result.Error!.Line);
        Assert.NotNull(result.Error.Column);
        Assert.Equal(before.Version, (await Catalog.GetSnapshotAsync()).Version);
    }

    [Fact]
    public async Task Deleting_an_unknown_segment_says_not_found()
    {
        var result = await Catalog.DeleteAsync("cat-never-existed");

        Assert.Equal(SegmentWriteStatus.NotFound, result.Status);
    }
}
