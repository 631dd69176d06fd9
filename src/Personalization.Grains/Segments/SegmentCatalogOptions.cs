using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Personalization.Customers;
using Personalization.Rules;

namespace Personalization.Segments;

public sealed class SegmentCatalogOptions
{
    /// <summary>How often each silo asks the catalog grain whether the catalog changed.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Segments stored when the catalog has never held any (the embedded default's examples).</summary>
    public List<SegmentDraft> Seed { get; set; } = [];
}
