using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Personalization.Cli.Tests;

/// <summary>
/// Stands in for the engine's HTTP API: every request is recorded and answered by the test's script, which is
/// given the request's number (from 1) and its batch of events.
/// </summary>
internal sealed class ScriptedEngine(Func<int, JsonArray, Task<HttpResponseMessage>> answer) : HttpMessageHandler
{
    private int requests;
    private int inFlight;
    private int mostInFlight;

    public ConcurrentQueue<(string Path, byte[] Body)> Received { get; } = new();

    public int Requests => Volatile.Read(ref requests);

    public int MostInFlight => Volatile.Read(ref mostInFlight);

    public int InFlight => Volatile.Read(ref inFlight);

    /// <summary>Accepts every event of every batch.</summary>
    public static ScriptedEngine AcceptingAll() => new((_, events) => Task.FromResult(Accepted(events.Count)));

    public HttpClient Client(TimeSpan? timeout = null) =>
        new(this) { BaseAddress = new Uri("http://engine.test/"), Timeout = timeout ?? TimeSpan.FromSeconds(30) };

    public static HttpResponseMessage Accepted(int accepted, int duplicates = 0, params (int Index, string Error)[] rejected) =>
        Json(HttpStatusCode.OK, new JsonObject
        {
            ["accepted"] = accepted,
            ["duplicates"] = duplicates,
            ["rejected"] = new JsonArray([.. rejected.Select(r => new JsonObject { ["index"] = r.Index, ["error"] = r.Error })]),
        }.ToJsonString());

    public static HttpResponseMessage Json(HttpStatusCode status, string body, string mediaType = "application/json") =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };

    /// <summary>The batches received so far, as the customer ids in each.</summary>
    public List<string[]> CustomerIdsPerBatch() =>
        [.. Received.Select(r => JsonNode.Parse(r.Body)!["events"]!.AsArray().Select(e => e!["customerId"]!.GetValue<string>()).ToArray())];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref requests);
        var now = Interlocked.Increment(ref inFlight);
        InterlockedMax(ref mostInFlight, now);
        try
        {
            var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            Received.Enqueue((request.RequestUri!.AbsolutePath, body));
            Assert.Equal("application/json", request.Content.Headers.ContentType?.MediaType);
            var events = JsonNode.Parse(body)!["events"]!.AsArray();
            return await answer(number, events).WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
