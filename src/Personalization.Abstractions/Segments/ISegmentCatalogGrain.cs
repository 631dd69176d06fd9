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

[GenerateSerializer, Immutable]
public sealed record SegmentDraft(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Description,
    [property: Id(3)] string Rule);

[GenerateSerializer, Immutable]
public sealed record SegmentDefinition(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Description,
    [property: Id(3)] string Rule,
    [property: Id(4)] int Version,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset UpdatedAt,
    [property: Id(7)] bool Deleted = false);

/// <summary>All definitions at one catalog version; the version increases with every change.</summary>
[GenerateSerializer, Immutable]
public sealed record SegmentCatalogSnapshot(
    [property: Id(0)] long Version,
    [property: Id(1)] ImmutableArray<SegmentDefinition> Segments);

public enum SegmentWriteStatus { Created, Saved, NotFound, InvalidRule, Conflict }

[GenerateSerializer, Immutable]
public sealed record SegmentWriteResult(
    [property: Id(0)] SegmentWriteStatus Status,
    [property: Id(1)] SegmentDefinition? Segment,
    [property: Id(2)] SegmentRuleError? Error);

/// <summary>Why a rule was refused, with its 1-based position when the error has one.</summary>
[GenerateSerializer, Immutable]
public sealed record SegmentRuleError(
    [property: Id(0)] string Message,
    [property: Id(1)] int? Line,
    [property: Id(2)] int? Column);
