using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Personalization.Campaigns;
using Personalization.Campaigns.Delivery;
using Personalization.Customers;

namespace Personalization.Host.Campaigns;

/// <summary>
/// A visitor's live stream (Server-Sent Events). The connection registers an Orleans observer with the customer's
/// campaign grain, which pushes offers and segment changes, and leases the customer grain's attention so its segment
/// changes are forwarded at all. Both are renewed with every heartbeat and simply lapse when the client has gone.
/// </summary>
internal static class CustomerStream
{
    /// <summary>Items waiting to be written to one slow connection; past it the oldest are dropped.</summary>
    public const int MaxQueuedItems = 256;

    public static async Task<IResult> StreamAsync(
        string customerId,
        HttpContext http,
        IGrainFactory grains,
        StreamSlots slots,
        IOptions<CampaignOptions> campaignOptions,
        IOptions<JsonOptions> jsonOptions)
    {
        if (!slots.TryTake())
        {
            return TypedResults.Problem(
                title: "Too many live streams.",
                detail: $"This host serves at most {slots.Limit} streams at once; retry later or poll /v1/customers/{customerId}/offers.",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                extensions: new Dictionary<string, object?> { ["limit"] = slots.Limit });
        }

        var feed = new CustomerFeed();
        var observer = grains.CreateObjectReference<ICustomerFeedObserver>(feed);
        var campaigns = grains.GetGrain<ICustomerCampaignsGrain>(customerId);
        var customer = grains.GetCustomerGrain(customerId);
        var heartbeat = campaignOptions.Value.StreamHeartbeat;
        var cancellation = http.RequestAborted;
        var writer = new EventWriter(http.Response, jsonOptions.Value.SerializerOptions);
        try
        {
            http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no";

            await RenewAsync();
            await writer.SegmentsAsync(new SegmentChange(await customer.GetSegmentsAsync(), [], []), cancellation);
            foreach (var offer in await campaigns.GetOffersAsync())
            {
                await writer.OfferAsync(offer, cancellation);
            }

            await writer.FlushAsync(cancellation);
            using var timer = new PeriodicTimer(heartbeat);
            var tick = timer.WaitForNextTickAsync(cancellation).AsTask();
            var pushed = feed.Items.WaitToReadAsync(cancellation).AsTask();
            while (true)
            {
                if (await Task.WhenAny(tick, pushed) == pushed)
                {
                    if (!await pushed)
                    {
                        break;
                    }

                    while (feed.Items.TryRead(out var item))
                    {
                        await (item is OfferView offer ? writer.OfferAsync(offer, cancellation) : writer.SegmentsAsync((SegmentChange)item, cancellation));
                    }

                    await writer.FlushAsync(cancellation);
                    pushed = feed.Items.WaitToReadAsync(cancellation).AsTask();
                }
                else
                {
                    await tick;
                    await writer.HeartbeatAsync(cancellation);
                    await RenewAsync();
                    tick = timer.WaitForNextTickAsync(cancellation).AsTask();
                }
            }
        }
        catch (Exception e) when (cancellation.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            // The client went away; that is how streams end.
        }
        finally
        {
            try
            {
                await campaigns.UnsubscribeAsync(observer);
            }
            catch (Exception)
            {
                // Not unsubscribing costs nothing lasting: the subscription lapses within a minute unless renewed.
            }

            grains.DeleteObjectReference<ICustomerFeedObserver>(observer);
            slots.Release();
        }

        return Results.Empty;

        // Three heartbeats' worth, so one late renewal does not drop segment changes.
        Task RenewAsync() => Task.WhenAll(
            customer.AsReference<ICustomerCampaignWatch>().LeaseStreamAsync(heartbeat * 3),
            campaigns.SubscribeAsync(observer));
    }

    /// <summary>Receives the grain's pushes on Orleans' threads and hands them to the connection's loop.</summary>
    private sealed class CustomerFeed : ICustomerFeedObserver
    {
        private readonly Channel<object> items = Channel.CreateBounded<object>(new BoundedChannelOptions(MaxQueuedItems)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });

        public ChannelReader<object> Items => items.Reader;

        public Task OnSegmentsChangedAsync(SegmentChange change)
        {
            items.Writer.TryWrite(change);
            return Task.CompletedTask;
        }

        public Task OnOfferAsync(OfferView offer)
        {
            items.Writer.TryWrite(offer);
            return Task.CompletedTask;
        }
    }

    /// <summary>Writes SSE frames; an offer is sent once per connection even if both the first read and a push carry it.</summary>
    private sealed class EventWriter(HttpResponse response, JsonSerializerOptions json)
    {
        private readonly HashSet<string> sentOffers = new(StringComparer.Ordinal);

        public Task SegmentsAsync(SegmentChange change, CancellationToken cancellationToken) =>
            WriteAsync(null, "segments", new SegmentsEvent(change.Segments, change.Entered, change.Exited), cancellationToken);

        public Task OfferAsync(OfferView offer, CancellationToken cancellationToken) =>
            sentOffers.Add(offer.OfferId)
                ? WriteAsync(offer.OfferId, "offer", OfferResponse.From(offer), cancellationToken)
                : Task.CompletedTask;

        public async Task HeartbeatAsync(CancellationToken cancellationToken)
        {
            await response.WriteAsync(": heartbeat\n\n", cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
        }

        public Task FlushAsync(CancellationToken cancellationToken) => response.Body.FlushAsync(cancellationToken);

        private Task WriteAsync<T>(string? id, string name, T data, CancellationToken cancellationToken)
        {
            var frame = new StringBuilder();
            if (id is not null)
            {
                frame.Append("id: ").Append(id).Append('\n');
            }

            frame.Append("event: ").Append(name).Append('\n');
            frame.Append("data: ").Append(JsonSerializer.Serialize(data, json)).Append("\n\n");
            return response.WriteAsync(frame.ToString(), cancellationToken);
        }
    }

    private sealed record SegmentsEvent(ImmutableArray<string> Segments, ImmutableArray<string> Entered, ImmutableArray<string> Exited);
}
