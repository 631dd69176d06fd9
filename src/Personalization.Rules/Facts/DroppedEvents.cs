using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Personalization.Rules.Engine;

namespace Personalization.Rules.Facts;

/// <summary>
/// The most recently dropped retained events of a type, by removal number, so that cached window counts can take them
/// out instead of rescanning.
/// </summary>
/// <remarks>
/// A type has these from its first drop. At its retained limit every new event drops one, so a call that brings more
/// events of the type than are kept here rescans its windows: with 16, importers' batches of 20 events per visitor
/// rescanned 256 events per windowed rule on every call, a quarter of the host's time. 64 cost 2 KB per such type, and
/// the retention's drops make most types of a long-lived customer such a type; a ring that started with 4 and widened
/// on a miss to what the miss needed measured 183,000-189,000 grouped events/s against 213,000-236,000 with 64, so the
/// size stays until a narrower ring that keeps that rate is found.
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
