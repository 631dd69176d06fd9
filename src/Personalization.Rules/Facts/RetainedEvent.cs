using System.Text.Json.Serialization;

namespace Personalization.Rules.Facts;

/// <summary>A retained raw event, with only the properties some rule of the catalog reads.</summary>
[JsonConverter(typeof(RetainedEventJsonConverter))]
public readonly struct RetainedEvent : ITimestamped
{
    // NaN stands for no value (event values are finite): a double? would take 16 bytes instead of 8.
    private readonly double value;

    public RetainedEvent(long utcTicks, double? value, string? sessionId, IReadOnlyDictionary<string, RuleValue>? properties)
    {
        UtcTicks = utcTicks;
        this.value = value ?? double.NaN;
        SessionId = sessionId;
        Properties = properties;
    }

    /// <summary>The event's instant.</summary>
    public long UtcTicks { get; }

    /// <summary>The event's instant, in UTC: the offset it arrived with is not kept.</summary>
    public DateTimeOffset Timestamp => new(UtcTicks, TimeSpan.Zero);

    public double? Value => double.IsNaN(value) ? null : value;

    public string? SessionId { get; }

    public IReadOnlyDictionary<string, RuleValue>? Properties { get; init; }
}
