namespace Personalization.Rules.Facts;

/// <summary>
/// The most recently dropped retained events of a type, by removal number, so that cached window counts can take them
/// out instead of rescanning.
/// </summary>
/// <remarks>
/// A type has these from its first drop. At its retained limit every new event drops one, so a call that brings more
/// events of the type than are kept here rescans its windows, 256 retained events per windowed rule. 64 covers the
/// batches importers send (20 events per visitor) with room to spare, at 2 KB per such type (the retention's drops make
/// most types of a long-lived customer such a type); a ring that widens on a miss kept less and ingested grouped
/// batches more slowly (docs/performance.md, "Batches: the evaluation cache pool and the dropped-event ring").
/// </remarks>
internal sealed class DroppedEvents
{
    public const int Kept = 64;

    private readonly RetainedEvent[] ring = new RetainedEvent[Kept];

    /// <summary>Latest timestamp (UTC ticks) among all dropped events.</summary>
    public long ThroughTicks { get; private set; } = long.MinValue;

    /// <summary>
    /// The event dropped as number <paramref name="removal"/>, if it is among the last <see cref="Kept"/>. Removal numbers
    /// wrap around; as unsigned numbers modulo a power of two they still pick the right slot.
    /// </summary>
    public RetainedEvent this[int removal] => ring[(uint)removal % Kept];

    public void Add(int removal, in RetainedEvent gone)
    {
        ring[(uint)removal % Kept] = gone;
        ThroughTicks = Math.Max(ThroughTicks, gone.UtcTicks);
    }
}
