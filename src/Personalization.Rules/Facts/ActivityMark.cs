using System.Text.Json.Serialization;

namespace Personalization.Rules.Facts;

[JsonConverter(typeof(ActivityMarkJsonConverter))]
public readonly struct ActivityMark(long utcTicks, string? sessionId) : ITimestamped
{
    /// <summary>The event's instant.</summary>
    public long UtcTicks { get; } = utcTicks;

    /// <summary>The event's instant, in UTC: the offset it arrived with is not kept.</summary>
    public DateTimeOffset Timestamp => new(UtcTicks, TimeSpan.Zero);

    public string? SessionId { get; } = sessionId;
}
