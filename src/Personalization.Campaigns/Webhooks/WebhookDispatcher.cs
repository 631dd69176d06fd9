using System.Net;
using System.Net.Http.Headers;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Personalization.Timing;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Personalization.Campaigns.Webhooks;

/// <summary>
/// Sends campaign webhooks off the event path: customer campaign grains only put deliveries in a bounded queue, which a
/// fixed number of workers drain, each delivery retried with exponential backoff and given up to the campaign's dead
/// letters at last. A slow or failing receiver therefore holds up its own deliveries and no event; when the queue is
/// full a new delivery becomes a dead letter at once instead of waiting.
/// </summary>
public sealed class WebhookDispatcher : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly IGrainFactory grains;
    private readonly TimeProvider time;
    private readonly CampaignOptions options;
    private readonly WebhookSecrets secrets;
    private readonly ILogger<WebhookDispatcher> logger;
    private readonly Channel<WebhookDelivery> queue;
    private readonly HttpClient http;
    private readonly ResiliencePipeline<HttpResponseMessage> pipeline;
    private readonly CancellationTokenSource stopping = new();
    private Task[] workers = [];
    private long delivered;
    private long inFlight;

    public WebhookDispatcher(
        IGrainFactory grains,
        [FromKeyedServices(EngineClock.ServiceKey)] TimeProvider time,
        IOptions<CampaignOptions> options,
        WebhookTargets targets,
        WebhookSecrets secrets,
        ILogger<WebhookDispatcher> logger)
    {
        this.secrets = secrets;
        this.grains = grains;
        this.time = time;
        this.options = options.Value;
        this.logger = logger;
        queue = Channel.CreateBounded<WebhookDelivery>(new BoundedChannelOptions(this.options.WebhookQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false,
            SingleWriter = false,
        });
        http = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = this.options.WebhookAttemptTimeout,
            AllowAutoRedirect = false,
            ConnectCallback = targets.ConnectAsync,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        pipeline = BuildPipeline(this.options);
    }

    /// <summary>Deliveries waiting for a worker.</summary>
    public int Queued => queue.Reader.Count;

    /// <summary>Deliveries being attempted or waiting between attempts.</summary>
    public long InFlight => Interlocked.Read(ref inFlight);

    public long Delivered => Interlocked.Read(ref delivered);

    /// <summary>Queues a delivery without waiting; false when the queue is full, and the delivery is then a dead letter.</summary>
    public bool TryEnqueue(WebhookDelivery delivery)
    {
        if (queue.Writer.TryWrite(delivery))
        {
            return true;
        }

        _ = DeadLetterAsync(delivery, 0, null, $"the webhook queue of this silo was full ({options.WebhookQueueCapacity} deliveries)");
        return false;
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(WebhookDispatcher), ServiceLifecycleStage.Active, Start, StopAsync);

    public void Dispose()
    {
        stopping.Dispose();
        http.Dispose();
    }

    private Task Start(CancellationToken cancellationToken)
    {
        workers = [.. Enumerable.Range(0, options.WebhookConcurrency).Select(_ => Task.Run(WorkAsync, CancellationToken.None))];
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Writer.TryComplete();
        await stopping.CancelAsync();
        await Task.WhenAll(workers).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (queue.Reader.Count > 0)
        {
            logger.LogWarning("{Count} webhook deliveries were still queued when the silo stopped; they are not sent", queue.Reader.Count);
        }
    }

    private async Task WorkAsync()
    {
        try
        {
            while (await queue.Reader.WaitToReadAsync(stopping.Token))
            {
                while (queue.Reader.TryRead(out var delivery))
                {
                    Interlocked.Increment(ref inFlight);
                    try
                    {
                        await DeliverAsync(delivery);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref inFlight);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }

    private async Task DeliverAsync(WebhookDelivery delivery)
    {
        var attempts = 0;
        int? statusCode = null;
        string error;
        try
        {
            using var response = await pipeline.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    using var request = Request(delivery, attempts);
                    return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
                },
                stopping.Token);
            if (response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref delivered);
                CampaignMetrics.WebhookDeliveries.Add(1, new KeyValuePair<string, object?>("result", "delivered"));
                return;
            }

            statusCode = (int)response.StatusCode;
            error = $"the receiver answered {statusCode} {response.ReasonPhrase}";
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            logger.LogWarning("Webhook delivery {DeliveryId} of campaign {CampaignId} stopped with the silo after {Attempts} attempts", delivery.DeliveryId, delivery.CampaignId, attempts);
            return;
        }
        catch (TimeoutRejectedException)
        {
            error = $"no answer within {options.WebhookAttemptTimeout.TotalSeconds:0.###} s";
        }
        catch (HttpRequestException e)
        {
            error = e.Message;
        }

        await DeadLetterAsync(delivery, attempts, statusCode, error);
    }

    private HttpRequestMessage Request(WebhookDelivery delivery, int attempt)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        var content = new ByteArrayContent(delivery.Body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var request = new HttpRequestMessage(HttpMethod.Post, delivery.Target.Url) { Content = content };
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Compute(secrets.Reveal(delivery.Target), timestamp, delivery.Body));
        request.Headers.Add(WebhookSignature.DeliveryHeader, delivery.DeliveryId);
        request.Headers.Add(WebhookSignature.AttemptHeader, attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return request;
    }

    private async Task DeadLetterAsync(WebhookDelivery delivery, int attempts, int? statusCode, string error)
    {
        CampaignMetrics.WebhookDeliveries.Add(1, new KeyValuePair<string, object?>("result", "dead_letter"));
        logger.LogWarning("Webhook delivery {DeliveryId} of campaign {CampaignId} to {Url} failed after {Attempts} attempts: {Error}", delivery.DeliveryId, delivery.CampaignId, delivery.Target.Url, attempts, error);
        var letter = new WebhookDeadLetter(
            delivery.DeliveryId, delivery.OfferId, delivery.CustomerId, delivery.Target.Url, attempts, statusCode, error,
            time.GetUtcNow(), System.Text.Encoding.UTF8.GetString(delivery.Body));
        try
        {
            await grains.GetGrain<ICampaignDeadLetterGrain>(delivery.CampaignId).AddAsync(letter);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Webhook delivery {DeliveryId} of campaign {CampaignId} could not be stored as a dead letter", delivery.DeliveryId, delivery.CampaignId);
        }
    }

    /// <summary>
    /// Retries network failures, timeouts, 5xx, 408 and 429 with exponential backoff; any other answer is final,
    /// since repeating a request the receiver refused would be refused again.
    /// </summary>
    private static ResiliencePipeline<HttpResponseMessage> BuildPipeline(CampaignOptions options)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (options.WebhookMaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.WebhookMaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = options.WebhookRetryJitter,
                Delay = options.WebhookFirstRetryDelay,
                MaxDelay = TimeSpan.FromMinutes(10),
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(response => IsTransient(response.StatusCode)),
            });
        }

        return builder.AddTimeout(options.WebhookAttemptTimeout).Build();
    }

    private static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
}
