namespace Personalization.Console.Engine;

/// <summary>One second of the engine's activity on this silo.</summary>
public sealed record ActivitySample(DateTimeOffset At, long Events, long Lookups, long Entries, long Exits, int ActiveCustomers);
