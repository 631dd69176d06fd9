namespace Personalization.Segments;

/// <summary>The segment catalog's settings on a silo (<c>Segments</c> in the host's configuration).</summary>
public sealed class SegmentCatalogOptions
{
    public const string SectionName = "Segments";

    /// <summary>How often each silo asks the catalog grain whether the catalog changed.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Segments stored when the catalog has never held any (the embedded default's examples).</summary>
    public List<SegmentDraft> Seed { get; set; } = [];
}
