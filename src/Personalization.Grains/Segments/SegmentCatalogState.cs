namespace Personalization.Segments;

public sealed class SegmentCatalogState
{
    /// <summary>Increases with every change; silos compare it to know when to recompile.</summary>
    public long Version { get; set; }

    /// <summary>True once segments were ever stored, so seeding examples never undoes a user's deletions.</summary>
    public bool Seeded { get; set; }

    public Dictionary<string, SegmentDefinition> Segments { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Past and present versions per segment, oldest first, at most <see cref="SegmentCatalogGrain.MaxVersionsKept"/> each.</summary>
    public Dictionary<string, List<SegmentDefinition>> History { get; set; } = new(StringComparer.Ordinal);
}
