namespace Personalization.Rules.Engine;

/// <summary>The derived counters a rule reads: <paramref name="Field"/> of the events passing <paramref name="Filter"/>.</summary>
internal sealed record DerivedSpec(string Key, string? Field, Condition? Filter, bool KeepsDistinct);
