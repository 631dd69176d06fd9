using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Personalization.Segments;

/// <summary>
/// The single source of truth for segment definitions. Silos do not call it per event: each keeps a compiled
/// copy of the catalog and refreshes it when <see cref="SegmentCatalogSnapshot.Version"/> moves.
/// </summary>
public interface ISegmentCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>Creates or replaces a segment; the whole catalog is compiled first, so a bad rule changes nothing.</summary>
    Task<SegmentWriteResult> PutAsync(SegmentDraft draft);

    /// <summary>Deletes a segment unless another segment's rule refers to it.</summary>
    Task<SegmentWriteResult> DeleteAsync(string segmentId);

    /// <summary>Adds the given segments only when the catalog has never held any, so restarts do not resurrect deleted examples.</summary>
    Task SeedAsync(ImmutableArray<SegmentDraft> drafts);

    [ReadOnly]
    Task<SegmentCatalogSnapshot> GetSnapshotAsync();

    /// <summary>Every stored version of a segment, oldest first, including those of a deleted segment.</summary>
    [ReadOnly]
    Task<ImmutableArray<SegmentDefinition>> GetVersionsAsync(string segmentId);

    /// <summary>Returns null when the caller's version is current, so silos can poll cheaply.</summary>
    [ReadOnly]
    Task<SegmentCatalogSnapshot?> GetSnapshotIfChangedAsync(long knownVersion);
}
