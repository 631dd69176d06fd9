using System.Text.Json;
using System.Text.Json.Serialization;
using Personalization.Host.Customers;
using Personalization.Host.Events;

namespace Personalization.Host.Http;

/// <summary>
/// Compile-time JSON for the answers a website or SDK gets on every page: the event and segment lookup responses.
/// Source-generated serialization does per answer less work than reflection-based serialization, on the path every
/// page takes.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(EventResponse))]
[JsonSerializable(typeof(BatchResponse))]
[JsonSerializable(typeof(CustomerSegmentsResponse))]
internal sealed partial class HotPathJson : JsonSerializerContext;
