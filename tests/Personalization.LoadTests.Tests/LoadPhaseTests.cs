using Personalization.LoadTests.Runner;

namespace Personalization.LoadTests.Tests;

public class LoadPhaseTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void Inject_spreads_rate_calls_evenly_over_each_interval()
    {
        var phase = LoadPhase.Plan([Simulation.Inject(10, Second, TimeSpan.FromSeconds(2))]).Single();

        var offsets = DueOffsets(phase);

        Assert.Equal(20, offsets.Count);
        Assert.Equal(TimeSpan.Zero, offsets[0]);
        Assert.All(offsets.Zip(offsets.Skip(1)), pair => Assert.Equal(100, (pair.Second - pair.First).TotalMilliseconds, 6));
    }

    [Fact]
    public void Interval_scales_the_rate()
    {
        var phase = LoadPhase.Plan([Simulation.Inject(50, TimeSpan.FromMilliseconds(500), Second)]).Single();

        Assert.Equal(100, phase.StartRatePerSecond, 9);
        Assert.Equal(100, DueOffsets(phase).Count);
    }

    [Fact]
    public void Ramp_from_nothing_places_three_quarters_of_its_calls_in_the_second_half()
    {
        var phase = LoadPhase.Plan([Simulation.RampingInject(200, Second, Second)]).Single();

        var offsets = DueOffsets(phase);

        // Arrivals under a linear ramp 0 -> 200/s over 1 s: 100 in all, N(t) = 100 t^2, so 25 in the first half.
        Assert.Equal(100, offsets.Count);
        Assert.Equal(25, offsets.Count(o => o < TimeSpan.FromSeconds(0.499)));
        Assert.True(offsets.SequenceEqual(offsets.Order()));
    }

    [Fact]
    public void Ramp_starts_from_the_previous_inject_rate_and_a_closed_phase_resets_it()
    {
        var phases = LoadPhase.Plan(
        [
            Simulation.Inject(100, Second, Second),
            Simulation.RampingInject(300, Second, Second),
            Simulation.KeepConstant(2, Second),
            Simulation.RampingInject(100, Second, Second),
        ]);

        Assert.Equal((100.0, 300.0), (phases[1].StartRatePerSecond, phases[1].EndRatePerSecond));
        Assert.Equal(200, DueOffsets(phases[1]).Count);
        Assert.False(phases[2].IsOpen);
        Assert.Equal(2, phases[2].Copies);
        Assert.Equal(0, phases[3].StartRatePerSecond);
    }

    [Fact]
    public void Ramp_down_thins_out_towards_the_end()
    {
        var phases = LoadPhase.Plan([Simulation.Inject(100, Second, Second), Simulation.RampingInject(0, Second, Second)]);

        var offsets = DueOffsets(phases[1]);

        // N(t) = 100 t - 50 t^2: 50 in all and 37.5 by half time, so calls 0..37 come first.
        Assert.Equal(50, offsets.Count);
        Assert.Equal(38, offsets.Count(o => o < TimeSpan.FromSeconds(0.5)));
    }

    [Fact]
    public void A_zero_rate_is_a_pause()
    {
        var phase = LoadPhase.Plan([Simulation.Inject(0, Second, Second)]).Single();

        Assert.Empty(DueOffsets(phase));
    }

    [Theory]
    [InlineData(-1, 1000, 1000)]
    [InlineData(1, 0, 1000)]
    [InlineData(1, 1000, 0)]
    public void Inject_rejects_impossible_shapes(int rate, int intervalMs, int duringMs)
    {
        Assert.ThrowsAny<ArgumentException>(() => Simulation.Inject(rate, TimeSpan.FromMilliseconds(intervalMs), TimeSpan.FromMilliseconds(duringMs)));
    }

    private static List<TimeSpan> DueOffsets(LoadPhase phase)
    {
        var offsets = new List<TimeSpan>();
        for (long i = 0; phase.DueOffset(i) is { } offset; i++)
        {
            offsets.Add(offset);
        }

        return offsets;
    }
}
