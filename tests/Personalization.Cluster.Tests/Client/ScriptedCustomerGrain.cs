using System.Collections.Immutable;
using Personalization.Customers;
using Personalization.Rules;

namespace Personalization.Cluster.Tests.Client;

/// <summary>
/// A customer grain whose answers a test scripts, one per call, recording what the client sent. Once the script runs
/// out it answers normally. Members the client SDK never calls fail loudly, so a test notices if it starts to.
/// </summary>
internal sealed class ScriptedCustomerGrain : ICustomerGrain
{
    public static readonly ImmutableArray<string> Segments = ["new-visitor"];

    private readonly Queue<Func<Task>> script = new();
    private readonly List<ImmutableArray<TrackedEvent>> trackCalls = [];
    private int segmentCalls;

    public IReadOnlyList<ImmutableArray<TrackedEvent>> TrackCalls
    {
        get
        {
            lock (trackCalls)
            {
                return [.. trackCalls];
            }
        }
    }

    public int SegmentCalls => Volatile.Read(ref segmentCalls);

    public ScriptedCustomerGrain Then(Exception failure)
    {
        script.Enqueue(() => Task.FromException(failure));
        return this;
    }

    /// <summary>An attempt that never answers, as when the silo holding the customer stops responding.</summary>
    public ScriptedCustomerGrain ThenNoAnswer()
    {
        script.Enqueue(() => new TaskCompletionSource().Task);
        return this;
    }

    public async Task<TrackOutcome> TrackAsync(TrackedEvent trackedEvent) => await TrackManyAsync([trackedEvent]);

    public async Task<TrackOutcome> TrackManyAsync(ImmutableArray<TrackedEvent> trackedEvents)
    {
        lock (trackCalls)
        {
            trackCalls.Add(trackedEvents);
        }

        await NextAsync();
        return new TrackOutcome(new SegmentChange(Segments, Segments, []), DuplicatesIgnored: 0);
    }

    public async ValueTask<ImmutableArray<string>> GetSegmentsAsync()
    {
        Interlocked.Increment(ref segmentCalls);
        await NextAsync();
        return Segments;
    }

    public Task<CustomerSnapshot> GetSnapshotAsync() => throw NotUsed();

    public Task<SegmentChange> ReplaceProfileAsync(ImmutableDictionary<string, RuleValue> attributes) => throw NotUsed();

    public Task<SegmentChange> MergeProfileAsync(ImmutableDictionary<string, RuleValue> attributes) => throw NotUsed();

    public Task EraseAsync() => throw NotUsed();

    public Task<bool> MatchesDraftAsync(string rule) => throw NotUsed();

    public Task<double> SumOfValuesAsync(string eventType, DateTimeOffset from, DateTimeOffset to) => throw NotUsed();

    public Task<Personalization.Forecasts.PurchaseSummaryReading?> GetPurchaseSummaryAsync() => throw NotUsed();

    public Task ReevaluateAsync() => throw NotUsed();

    private Task NextAsync()
    {
        lock (script)
        {
            return script.TryDequeue(out var next) ? next() : Task.CompletedTask;
        }
    }

    private static InvalidOperationException NotUsed() => new("The client SDK does not call this grain method.");
}
