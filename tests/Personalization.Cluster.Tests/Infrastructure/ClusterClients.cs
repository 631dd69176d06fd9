using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Personalization.Cluster.Tests.Infrastructure;

/// <summary>
/// A request a client saw fail: when it failed (on the load's clock), at which host, doing what, why, and when it was sent
/// (a request that hung until its timeout was failing all that time).
/// </summary>
internal sealed record ClientFailure(TimeSpan At, string Host, string Operation, string Reason, TimeSpan Sent)
{
    public override string ToString() => $"{At.TotalSeconds:0.00} s {Host} {Operation}: {Reason}";
}

/// <summary>
/// The clients of a test cluster under a load of events with ids: they send each event until a host acknowledges it
/// (resending with the same id after a failure, as the SDK does), read customers' counters back, and record what they
/// saw: acknowledgements per customer and event type with how each got there, and every failed request.
/// </summary>
internal class ClusterClients(ClusterHost[] hosts, string[] eventTypes, int customers)
{
    private static readonly TimeSpan FirstRetryPause = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetryPause = TimeSpan.FromSeconds(2);

    private readonly int[,] acknowledged = new int[customers, eventTypes.Length];
    private readonly ConcurrentQueue<ClientFailure> failures = new();
    private readonly ConcurrentDictionary<string, bool> down = new();
    private readonly ConcurrentDictionary<int, ConcurrentQueue<string>> history = new();
    private int acknowledgedTotal;
    private int retries;
    private int nextHost;

    public ClusterHost[] Hosts => hosts;

    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    /// <summary>How long one attempt may take before the client gives up on it and resends; unbounded when null.</summary>
    public TimeSpan? AttemptTimeout { get; init; }

    public int AcknowledgedTotal => Volatile.Read(ref acknowledgedTotal);

    public int Retries => Volatile.Read(ref retries);

    /// <summary>Round robin over the hosts not yet seen refusing connections, as a client with no other knowledge would.</summary>
    public ClusterHost NextHost()
    {
        var up = hosts.Where(h => !down.ContainsKey(h.Name)).ToArray();
        return up[(int)((uint)Interlocked.Increment(ref nextHost) % up.Length)];
    }

    /// <summary>Posts the event to one host after another until one acknowledges it, pausing longer after each failure.</summary>
    public async Task SendUntilAcknowledgedAsync(int customer, string type, string eventId, object body, CancellationToken deadline)
    {
        var pause = FirstRetryPause;
        var attempts = new List<string>();
        while (true)
        {
            var host = NextHost();
            var sent = Clock.Elapsed;
            using var attempt = Attempt(deadline);
            try
            {
                using var response = await host.Http.PostAsJsonAsync("/v1/events", body, attempt.Token);
                if (response.IsSuccessStatusCode)
                {
                    using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(attempt.Token));
                    var duplicate = answer.RootElement.GetProperty("duplicate").GetBoolean();
                    attempts.Add($"{Clock.Elapsed.TotalSeconds:0.00} s {host.Name} 2xx{(duplicate ? " duplicate" : "")}");
                    Acknowledge(customer, type, $"{type} {eventId}: {string.Join(", ", attempts)}");
                    return;
                }

                attempts.Add($"{Clock.Elapsed.TotalSeconds:0.00} s {host.Name} HTTP {(int)response.StatusCode}");
                Fail(host, "ingest", $"HTTP {(int)response.StatusCode}", sent);
            }
            catch (Exception exception) when (IsRequestFailure(exception) && !deadline.IsCancellationRequested)
            {
                attempts.Add($"{Clock.Elapsed.TotalSeconds:0.00} s {host.Name} {exception.GetType().Name}");
                Fail(host, "ingest", exception, sent);
            }

            Interlocked.Increment(ref retries);
            await Task.Delay(pause, deadline);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxRetryPause.Ticks));
        }
    }

    /// <summary>
    /// A customer's lifetime counters (event type to count), asked of <paramref name="hostForAttempt"/>'s host for each
    /// attempt until one answers; failures are recorded as the operation "sweep".
    /// </summary>
    public async Task<Dictionary<string, long>> ReadCountersAsync(string customerId, Func<int, ClusterHost> hostForAttempt, CancellationToken deadline)
    {
        for (var number = 0; ; number++)
        {
            var host = hostForAttempt(number);
            var sent = Clock.Elapsed;
            using var attempt = Attempt(deadline);
            try
            {
                using var response = await host.Http.GetAsync($"/v1/customers/{customerId}", attempt.Token);
                if (response.IsSuccessStatusCode)
                {
                    using var snapshot = JsonDocument.Parse(await response.Content.ReadAsStringAsync(attempt.Token));
                    return snapshot.RootElement.GetProperty("counters").EnumerateObject()
                        .ToDictionary(c => c.Name, c => c.Value.GetProperty("count").GetInt64());
                }

                Fail(host, "sweep", $"HTTP {(int)response.StatusCode}", sent);
            }
            catch (Exception exception) when (IsRequestFailure(exception) && !deadline.IsCancellationRequested)
            {
                Fail(host, "sweep", exception, sent);
            }

            await Task.Delay(200, deadline);
        }
    }

    public IEnumerable<string> History(int customer) => history.TryGetValue(customer, out var events) ? events : [];

    public int Acknowledged(int customer, string type) => Volatile.Read(ref acknowledged[customer, Array.IndexOf(eventTypes, type)]);

    /// <summary>The counters that differ from what was acknowledged, each with how its customer's events were acknowledged.</summary>
    public List<string> Mismatches(Func<int, string> customerId, IReadOnlyList<Dictionary<string, long>> counted)
    {
        var mismatches = new List<string>();
        for (var customer = 0; customer < customers; customer++)
        {
            foreach (var type in eventTypes)
            {
                var expected = Acknowledged(customer, type);
                var count = counted[customer].GetValueOrDefault(type);
                if (count != expected)
                {
                    mismatches.Add($"{customerId(customer)} {type}: {expected} acknowledged, {count} counted [{string.Join(" | ", History(customer))}]");
                }
            }
        }

        return mismatches;
    }

    /// <param name="sent">When the failed request was sent; when it failed by default.</param>
    public void Fail(ClusterHost host, string operation, Exception exception, TimeSpan? sent = null)
    {
        // A refused connection means nothing listens there any more; the client stops sending to it.
        if (exception.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            down[host.Name] = true;
        }

        Fail(host, operation, $"{exception.GetType().Name}: {exception.Message}", sent);
    }

    /// <param name="sent">When the failed request was sent; when it failed by default.</param>
    public void Fail(ClusterHost host, string operation, string reason, TimeSpan? sent = null)
    {
        var now = Clock.Elapsed;
        failures.Enqueue(new ClientFailure(now, host.Name, operation, reason, sent ?? now));
    }

    public List<ClientFailure> Failures() => [.. failures.OrderBy(f => f.At)];

    public static bool IsRequestFailure(Exception exception) => exception is HttpRequestException or OperationCanceledException;

    private void Acknowledge(int customer, string type, string how)
    {
        history.GetOrAdd(customer, _ => new()).Enqueue(how);
        Interlocked.Increment(ref acknowledged[customer, Array.IndexOf(eventTypes, type)]);
        Interlocked.Increment(ref acknowledgedTotal);
    }

    private CancellationTokenSource Attempt(CancellationToken deadline)
    {
        var attempt = CancellationTokenSource.CreateLinkedTokenSource(deadline);
        if (AttemptTimeout is { } timeout)
        {
            attempt.CancelAfter(timeout);
        }

        return attempt;
    }
}
