namespace Personalization.Timing;

/// <summary>
/// The engine reads time from a keyed <see cref="TimeProvider"/> rather than the default one: Orleans' own
/// timers use the default, and tests must be able to move the engine's clock without moving Orleans'.
/// </summary>
public static class EngineClock
{
    public const string ServiceKey = "Personalization.EngineClock";
}
