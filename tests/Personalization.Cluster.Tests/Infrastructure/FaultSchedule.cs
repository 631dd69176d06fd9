using System.Globalization;

namespace Personalization.Cluster.Tests.Infrastructure;

/// <summary>The faults a schedule injects.</summary>
internal enum FaultKind
{
    /// <summary>Azurite unreachable: its proxy blackholes every connection (nothing moves, nothing is refused) for the duration.</summary>
    StorageOutage,

    /// <summary>Every storage call waits <see cref="FaultStep.Delay"/> at the proxy, for the duration.</summary>
    SlowStorage,

    /// <summary>Redis killed and started again on its files after the duration; its connections reset.</summary>
    RedisRestart,

    /// <summary>A host killed with SIGKILL; it stays dead.</summary>
    HostKilled,

    /// <summary>A host frozen with SIGSTOP for the duration, then resumed with SIGCONT.</summary>
    HostFrozen,
}

/// <summary>One fault: what, when from the start of the load, for how long.</summary>
internal sealed record FaultStep(FaultKind Kind, TimeSpan At, TimeSpan Duration, TimeSpan Delay = default)
{
    public TimeSpan End => At + Duration;

    public override string ToString() => Kind switch
    {
        FaultKind.SlowStorage => $"{Kind} {Delay.TotalMilliseconds:0} ms a call at {At.TotalSeconds:0} s for {Duration.TotalSeconds:0} s",
        FaultKind.HostKilled => $"{Kind} at {At.TotalSeconds:0} s",
        _ => $"{Kind} at {At.TotalSeconds:0} s for {Duration.TotalSeconds:0} s",
    };
}

/// <summary>
/// Faults in time order under a steady load; the load runs until <see cref="Recovery"/> after the last fault ends. The
/// three named schedules run in CI; <c>random-N</c> draws two or three faults from seed N (tests/tools/fault-schedules.sh).
/// </summary>
internal sealed record FaultSchedule(string Name, FaultStep[] Steps)
{
    /// <summary>Load after the last fault, so the cluster's recovery is measured under traffic too.</summary>
    public static readonly TimeSpan Recovery = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan SlowCall = TimeSpan.FromMilliseconds(500);

    public static readonly string[] InCi = ["storage", "redis-and-frozen-host", "killed-host-and-slow-storage"];

    public TimeSpan LoadDuration => Steps.Max(step => step.End) + Recovery;

    public static FaultSchedule Named(string name) => name switch
    {
        "storage" => new(name, [
            new(FaultKind.StorageOutage, Seconds(3), Outage),
            new(FaultKind.SlowStorage, Seconds(15), Seconds(8), SlowCall),
        ]),
        // Frozen for longer than the silos take to vote a silent one dead, so it resumes as a silo the cluster gave up on.
        "redis-and-frozen-host" => new(name, [
            new(FaultKind.RedisRestart, Seconds(3), Seconds(3)),
            new(FaultKind.HostFrozen, Seconds(8), Seconds(22)),
        ]),
        "killed-host-and-slow-storage" => new(name, [
            new(FaultKind.HostKilled, Seconds(3), TimeSpan.Zero),
            new(FaultKind.SlowStorage, Seconds(5), Seconds(8), SlowCall),
        ]),
        _ when name.StartsWith("random-", StringComparison.Ordinal) && int.TryParse(name["random-".Length..], CultureInfo.InvariantCulture, out var seed) => Random(name, seed),
        _ => throw new ArgumentException($"No fault schedule '{name}'; known: {string.Join(", ", InCi)}, random-<seed>.", nameof(name)),
    };

    /// <summary>
    /// Two or three faults of different kinds, one after another with a few seconds between them, durations drawn around
    /// the CI schedules' (outage 5-15 s, 250-1,000 ms a call, Redis down 1-5 s, frozen 5-30 s); a killed host and a frozen one
    /// are different hosts.
    /// </summary>
    private static FaultSchedule Random(string name, int seed)
    {
        var random = new Random(seed);
        var kinds = Enum.GetValues<FaultKind>().OrderBy(_ => random.Next()).Take(random.Next(2, 4)).ToArray();
        var steps = new List<FaultStep>();
        var at = Seconds(random.Next(3, 8));
        foreach (var kind in kinds)
        {
            var step = kind switch
            {
                FaultKind.StorageOutage => new FaultStep(kind, at, Seconds(random.Next(5, 16))),
                FaultKind.SlowStorage => new FaultStep(kind, at, Seconds(random.Next(5, 16)), TimeSpan.FromMilliseconds(random.Next(250, 1001))),
                FaultKind.RedisRestart => new FaultStep(kind, at, Seconds(random.Next(1, 6))),
                FaultKind.HostKilled => new FaultStep(kind, at, TimeSpan.Zero),
                _ => new FaultStep(kind, at, Seconds(random.Next(5, 31))),
            };
            steps.Add(step);
            at = step.End + Seconds(random.Next(2, 8));
        }

        return new(name, [.. steps]);
    }

    public override string ToString() => $"{Name}: {string.Join("; ", Steps.Select(step => step.ToString()))}";

    private static TimeSpan Seconds(int seconds) => TimeSpan.FromSeconds(seconds);
}
