using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Personalization.Host.Http;

/// <summary>The hot-path answers, each with its compile-time JSON from <see cref="HotPathJson"/>.</summary>
public static class HotPathResults
{
    public static HotPathResult<Events.EventResponse> Ok(Events.EventResponse value) => new(value, HotPathJson.Default.EventResponse);

    public static HotPathResult<Events.BatchResponse> Ok(Events.BatchResponse value) => new(value, HotPathJson.Default.BatchResponse);

    public static HotPathResult<Customers.CustomerSegmentsResponse> Ok(Customers.CustomerSegmentsResponse value) => new(value, HotPathJson.Default.CustomerSegmentsResponse);
}
