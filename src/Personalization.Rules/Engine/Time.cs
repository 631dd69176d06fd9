namespace Personalization.Rules.Engine;

internal static class Time
{
    public static long Earliest(long a, long b) => a < b ? a : b;

    /// <summary>Whole units since <paramref name="sinceTicks"/> (0 while it is still ahead) and when that number next grows.</summary>
    public static long UnitsSince(long sinceTicks, long nowTicks, long unitTicks, out long nextStepTicks)
    {
        var units = nowTicks <= sinceTicks ? 0 : (nowTicks - sinceTicks) / unitTicks;
        nextStepTicks = sinceTicks > long.MaxValue - (units + 1) * unitTicks ? long.MaxValue : sinceTicks + (units + 1) * unitTicks;
        return units;
    }
}
