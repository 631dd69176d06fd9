using System.Diagnostics;
using HdrHistogram;

namespace Personalization.LoadTests.Runner;

/// <summary>
/// Collects one scenario's outcomes. A single lock is enough: recording is a few array increments,
/// far cheaper than any call worth load testing, and it keeps histograms and counters consistent.
/// </summary>
internal sealed class StatsRecorder
{
    internal const string OtherReasons = "(other reasons)";
    internal const string UnfinishedReason = "unfinished when the run ended";

    private const long HighestMicros = 3_600_000_000;
    private const long HighestSeriesMicros = 60_000_000;

    // Distinct failure texts are kept up to this many, so a message carrying per-call data cannot grow memory without bound.
    private const int MaxFailReasons = 50;

    private readonly object _lock = new();
    private readonly long _startTimestamp;
    private readonly Outcome _ok = new();
    private readonly Outcome _fail = new();
    private readonly LongHistogram _okService = NewHistogram();
    private readonly Dictionary<string, long> _failReasons = new(StringComparer.Ordinal);
    private readonly List<SecondBucket?> _seconds = [];
    private long _dropped;
    private long _inFlight;
    private bool _frozen;

    public StatsRecorder(long startTimestamp)
    {
        _startTimestamp = startTimestamp;
    }

    /// <summary>Calls begun against this recorder that have not been recorded yet.</summary>
    public long InFlight
    {
        get
        {
            lock (_lock)
            {
                return _inFlight;
            }
        }
    }

    public void Begin()
    {
        lock (_lock)
        {
            _inFlight++;
        }
    }

    public void Record(Response response, long intendedTimestamp, long actualStartTimestamp, long endTimestamp)
    {
        var latency = ToMicros(endTimestamp - intendedTimestamp);
        var second = (int)Math.Max(0, (endTimestamp - _startTimestamp) / Stopwatch.Frequency);
        lock (_lock)
        {
            _inFlight--;
            if (_frozen)
            {
                return;
            }

            if (response.IsError)
            {
                _fail.Add(latency, response.SizeBytes);
                CountFailReason(response.Message!, 1);
            }
            else
            {
                _ok.Add(latency, response.SizeBytes);
                _okService.RecordValue(ToMicros(endTimestamp - actualStartTimestamp));
            }

            BucketAt(second).Add(latency, response.IsError);
        }
    }

    public void RecordDropped()
    {
        lock (_lock)
        {
            if (!_frozen)
            {
                _dropped++;
            }
        }
    }

    /// <summary>Stops recording; calls still running are counted as failures, since their latency will never be known.</summary>
    public void Freeze()
    {
        lock (_lock)
        {
            if (_frozen)
            {
                return;
            }

            _frozen = true;
            var unfinished = _inFlight;
            if (unfinished > 0)
            {
                _fail.Count += unfinished;
                CountFailReason(UnfinishedReason, unfinished);
            }
        }
    }

    public ScenarioStats Snapshot(Scenario scenario, TimeSpan duration, ScenarioEnd end)
    {
        lock (_lock)
        {
            var ran = _ok.Count + _fail.Count;
            var scheduled = ran + _dropped;
            var seconds = Math.Max(duration.TotalSeconds, 1e-9);
            return new ScenarioStats
            {
                Name = scenario.Name,
                IsBaseline = scenario.IsBaseline,
                ComparedWith = scenario.ComparedWith,
                Simulations = scenario.LoadSimulations.Select(s => s.ToString()).ToArray(),
                WarmUp = scenario.WarmUpDuration,
                Duration = duration,
                Ok = _ok.ToStats(Percent(_ok.Count, ran), seconds),
                Fail = _fail.ToStats(Percent(_fail.Count, ran), seconds),
                Dropped = new DroppedStats(_dropped, Percent(_dropped, scheduled)),
                ServiceTime = Latency(_okService, _ok.Count > 0 ? _ok.MinMicros : 0, _ok.Count > 0 ? _ok.MaxMicros : 0),
                FailReasons = _failReasons.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal)
                    .Select(r => new FailReason(r.Key, r.Value)).ToArray(),
                Series = _seconds.Select((bucket, i) => (bucket ?? new SecondBucket()).ToStats(i)).ToArray(),
                End = end,
            };
        }
    }

    private static double Percent(long part, long whole) => whole == 0 ? double.NaN : 100.0 * part / whole;

    private void CountFailReason(string message, long count)
    {
        var key = _failReasons.ContainsKey(message) || _failReasons.Count < MaxFailReasons ? message : OtherReasons;
        _failReasons[key] = _failReasons.GetValueOrDefault(key) + count;
    }

    private SecondBucket BucketAt(int second)
    {
        while (_seconds.Count <= second)
        {
            _seconds.Add(null);
        }

        return _seconds[second] ??= new SecondBucket();
    }

    private static long ToMicros(long stopwatchTicks) =>
        Math.Clamp(stopwatchTicks * 1_000_000 / Stopwatch.Frequency, 1, HighestMicros);

    private static LongHistogram NewHistogram() => new(HighestMicros, 3);

    private static LatencyStats Latency(HistogramBase histogram, long minMicros, long maxMicros)
    {
        if (histogram.TotalCount == 0)
        {
            return LatencyStats.Empty;
        }

        return new LatencyStats(
            histogram.TotalCount,
            minMicros / 1000.0,
            histogram.GetMean() / 1000.0,
            histogram.GetStdDeviation() / 1000.0,
            histogram.GetValueAtPercentile(50) / 1000.0,
            histogram.GetValueAtPercentile(75) / 1000.0,
            histogram.GetValueAtPercentile(95) / 1000.0,
            histogram.GetValueAtPercentile(99) / 1000.0,
            maxMicros / 1000.0);
    }

    private sealed class Outcome
    {
        private readonly LongHistogram _latency = NewHistogram();

        public long Count { get; set; }

        public long Bytes { get; private set; }

        public long MinMicros { get; private set; } = long.MaxValue;

        public long MaxMicros { get; private set; }

        public void Add(long latencyMicros, long bytes)
        {
            Count++;
            Bytes += bytes;
            _latency.RecordValue(latencyMicros);
            MinMicros = Math.Min(MinMicros, latencyMicros);
            MaxMicros = Math.Max(MaxMicros, latencyMicros);
        }

        public RequestStats ToStats(double percent, double seconds) =>
            new(Count, percent, Count / seconds, Bytes, Latency(_latency, MinMicros, MaxMicros));
    }

    /// <summary>Two significant digits and a 60 s ceiling keep a per-second histogram near 20 KB; charts need no more.</summary>
    private sealed class SecondBucket
    {
        private readonly LongHistogram _latency = new(HighestSeriesMicros, 2);
        private long _ok;
        private long _fail;
        private long _maxMicros;

        public void Add(long latencyMicros, bool failed)
        {
            if (failed)
            {
                _fail++;
            }
            else
            {
                _ok++;
            }

            _latency.RecordValue(Math.Min(latencyMicros, HighestSeriesMicros));
            _maxMicros = Math.Max(_maxMicros, latencyMicros);
        }

        public SecondStats ToStats(int second) => _latency.TotalCount == 0
            ? new SecondStats(second, 0, 0, double.NaN, double.NaN, double.NaN)
            : new SecondStats(second, _ok, _fail, _latency.GetValueAtPercentile(50) / 1000.0, _latency.GetValueAtPercentile(99) / 1000.0, _maxMicros / 1000.0);
    }
}
