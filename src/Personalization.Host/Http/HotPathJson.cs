using System.Text.Json;
using System.Text.Json.Serialization;
using Personalization.Host.Customers;
using Personalization.Host.Events;

namespace Personalization.Host.Http;

/// <summary>
/// Compile-time JSON for the answers a website or SDK gets on every page: the event and segment lookup responses.
/// Reflection-based serialization of them was about 6 % of the host's CPU in a single-event ingest profile; the ingest
/// figure did not move measurably with this alone, but the work per answer is less.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(EventResponse))]
[JsonSerializable(typeof(BatchResponse))]
[JsonSerializable(typeof(CustomerSegmentsResponse))]
internal sealed partial class HotPathJson : JsonSerializerContext;
