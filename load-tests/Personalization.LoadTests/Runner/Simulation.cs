namespace Personalization.LoadTests.Runner;

/// <summary>One phase of load; a scenario runs its simulations one after another.</summary>
public abstract record LoadSimulation(TimeSpan During);

/// <summary>Open model: <see cref="Rate"/> calls per <see cref="Interval"/>, spread evenly, whether or not earlier calls have finished.</summary>
public sealed record InjectSimulation(int Rate, TimeSpan Interval, TimeSpan During) : LoadSimulation(During)
{
    public override string ToString() => $"inject {Rate} per {DurationText.Format(Interval)} for {DurationText.Format(During)}";
}

/// <summary>Open model whose arrival rate moves linearly from the previous phase's rate to <see cref="Rate"/>.</summary>
public sealed record RampingInjectSimulation(int Rate, TimeSpan Interval, TimeSpan During) : LoadSimulation(During)
{
    public override string ToString() => $"ramp to {Rate} per {DurationText.Format(Interval)} over {DurationText.Format(During)}";
}

/// <summary>Closed model: <see cref="Copies"/> loops, each starting its next call when the previous one ends.</summary>
public sealed record KeepConstantSimulation(int Copies, TimeSpan During) : LoadSimulation(During)
{
    public override string ToString() => $"keep {Copies} copies for {DurationText.Format(During)}";
}

public static class Simulation
{
    public static InjectSimulation Inject(int rate, TimeSpan interval, TimeSpan during)
    {
        ValidateRate(rate, interval, during);
        return new InjectSimulation(rate, interval, during);
    }

    public static RampingInjectSimulation RampingInject(int rate, TimeSpan interval, TimeSpan during)
    {
        ValidateRate(rate, interval, during);
        return new RampingInjectSimulation(rate, interval, during);
    }

    public static KeepConstantSimulation KeepConstant(int copies, TimeSpan during)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(copies);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(during, TimeSpan.Zero);
        return new KeepConstantSimulation(copies, during);
    }

    private static void ValidateRate(int rate, TimeSpan interval, TimeSpan during)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rate);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(during, TimeSpan.Zero);
    }
}

/// <summary>A simulation resolved against the phase before it: ramps need to know where they start.</summary>
internal sealed record LoadPhase(LoadSimulation Simulation, TimeSpan During, double StartRatePerSecond, double EndRatePerSecond, int Copies)
{
    public bool IsOpen => Simulation is not KeepConstantSimulation;

    public static IReadOnlyList<LoadPhase> Plan(IEnumerable<LoadSimulation> simulations)
    {
        var phases = new List<LoadPhase>();
        var previousRate = 0.0;
        foreach (var simulation in simulations)
        {
            var phase = simulation switch
            {
                InjectSimulation s => new LoadPhase(s, s.During, PerSecond(s.Rate, s.Interval), PerSecond(s.Rate, s.Interval), 0),
                RampingInjectSimulation s => new LoadPhase(s, s.During, previousRate, PerSecond(s.Rate, s.Interval), 0),
                KeepConstantSimulation s => new LoadPhase(s, s.During, 0, 0, s.Copies),
                _ => throw new ArgumentException($"unknown load simulation {simulation.GetType().Name}", nameof(simulations)),
            };
            previousRate = phase.EndRatePerSecond;
            phases.Add(phase);
        }

        return phases;
    }

    /// <summary>
    /// When the call numbered <paramref name="callIndex"/> (from 0) of an open phase is due, or null once
    /// the phase is over. Calls are placed where the cumulative arrivals N(t) = λ0·t + (λ1-λ0)·t²/(2D)
    /// reach the call's index; the rationalised root below stays exact for flat, rising and falling rates.
    /// </summary>
    public TimeSpan? DueOffset(long callIndex)
    {
        if (callIndex == 0)
        {
            return EndRatePerSecond > 0 || StartRatePerSecond > 0 ? TimeSpan.Zero : null;
        }

        var seconds = During.TotalSeconds;
        var a = (EndRatePerSecond - StartRatePerSecond) / (2 * seconds);
        var b = StartRatePerSecond;
        var discriminant = b * b + 4 * a * callIndex;
        if (discriminant < 0)
        {
            return null;
        }

        var denominator = b + Math.Sqrt(discriminant);
        if (denominator <= 0)
        {
            return null;
        }

        var offset = 2 * callIndex / denominator;
        return offset < seconds ? TimeSpan.FromSeconds(offset) : null;
    }

    private static double PerSecond(int rate, TimeSpan interval) => rate / interval.TotalSeconds;
}
