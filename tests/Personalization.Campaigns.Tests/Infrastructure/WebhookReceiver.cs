using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Personalization.Campaigns.Webhooks;

namespace Personalization.Campaigns.Tests;

/// <summary>A webhook request as the receiver saw it; <see cref="ReceivedAt"/> is a <see cref="Stopwatch"/> timestamp.</summary>
internal sealed record ReceivedWebhook(long ReceivedAt, string? DeliveryId, int Attempt, string? Timestamp, string? Signature, string? ContentType, byte[] Body);

/// <summary>
/// A webhook receiver on real Kestrel at 127.0.0.1 and a free port. <c>answer</c> decides each request's status from what
/// the receiver got so far; null makes the request hang until <see cref="ReleaseHanging"/> or disposal.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ReceivedWebhook> received = new();
    private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<ReceivedWebhook, HttpStatusCode?> answer;
    private int hanging;

    private WebhookReceiver(Func<ReceivedWebhook, HttpStatusCode?> answer)
    {
        this.answer = answer;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        app = builder.Build();
        app.MapPost("/hook", (Delegate)HandleAsync);
    }

    public Uri Url => new(app.Urls.Single().TrimEnd('/') + "/hook");

    public IReadOnlyList<ReceivedWebhook> Received => [.. received];

    /// <summary>Requests waiting for <see cref="ReleaseHanging"/> right now.</summary>
    public int Hanging => Volatile.Read(ref hanging);

    public static async Task<WebhookReceiver> StartAsync(Func<ReceivedWebhook, HttpStatusCode?> answer)
    {
        var receiver = new WebhookReceiver(answer);
        await receiver.app.StartAsync();
        return receiver;
    }

    /// <summary>Fails the first <paramref name="failures"/> attempts of each delivery with <paramref name="status"/>, then accepts.</summary>
    public static Task<WebhookReceiver> FailingFirstAsync(int failures, HttpStatusCode status = HttpStatusCode.ServiceUnavailable) =>
        StartAsync(request => request.Attempt <= failures ? status : HttpStatusCode.OK);

    public void ReleaseHanging() => release.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        ReleaseHanging();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var headers = context.Request.Headers;
        var request = new ReceivedWebhook(
            Stopwatch.GetTimestamp(),
            headers[WebhookSignature.DeliveryHeader].SingleOrDefault(),
            int.TryParse(headers[WebhookSignature.AttemptHeader].SingleOrDefault(), out var attempt) ? attempt : 0,
            headers[WebhookSignature.TimestampHeader].SingleOrDefault(),
            headers[WebhookSignature.SignatureHeader].SingleOrDefault(),
            context.Request.ContentType,
            body.ToArray());
        received.Enqueue(request);
        if (answer(request) is { } status)
        {
            return Results.StatusCode((int)status);
        }

        Interlocked.Increment(ref hanging);
        try
        {
            await release.Task.WaitAsync(context.RequestAborted);
        }
        finally
        {
            Interlocked.Decrement(ref hanging);
        }

        return Results.Ok();
    }
}
