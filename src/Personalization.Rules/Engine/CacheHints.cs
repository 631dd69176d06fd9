using System.Diagnostics.CodeAnalysis;

namespace Personalization.Rules.Engine;

/// <summary>Which pool slot a customer's cache had, per catalog, for the customer's two most recently used catalogs.</summary>
internal struct CacheHints
{
    private SegmentCatalog? current;
    private int currentSlot;
    private SegmentCatalog? previous;
    private int previousSlot;

    /// <summary>
    /// The slot hint for <paramref name="catalog"/>, made the current one. Two are kept so that evaluating a draft (a
    /// preview catalog) between events does not lose the way back to the current catalog's cache.
    /// </summary>
    [UnscopedRef]
    public ref int For(SegmentCatalog catalog)
    {
        if (!ReferenceEquals(current, catalog))
        {
            var slot = ReferenceEquals(previous, catalog) ? previousSlot : -1;
            (previous, previousSlot) = (current, currentSlot);
            (current, currentSlot) = (catalog, slot);
        }

        return ref currentSlot;
    }
}
