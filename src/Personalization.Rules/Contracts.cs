namespace Personalization.Rules;

/// <summary>One interaction. <see cref="Value"/> is what <c>purchase.value</c> reads; <see cref="Properties"/> what <c>purchase.category</c> reads.</summary>
public sealed record BehaviourEvent(
    string Type,
    DateTimeOffset Timestamp,
    double? Value = null,
    string? SessionId = null,
    IReadOnlyDictionary<string, RuleValue>? Properties = null);

public sealed record SegmentRule(string SegmentId, string Rule);

/// <summary>Lifetime counters of one event type. <see cref="Sum"/>, <see cref="Min"/>, <see cref="Max"/>, <see cref="Average"/> and <see cref="LastValue"/> read event values only.</summary>
public sealed record EventTypeSummary(
    long Count,
    double Sum,
    double? Min,
    double? Max,
    double? Average,
    DateTimeOffset FirstAt,
    DateTimeOffset LastAt,
    double? LastValue);

/// <summary>A rule's text is not valid. <see cref="Line"/> and <see cref="Column"/> are 1-based and point at <see cref="Found"/>.</summary>
public sealed class RuleSyntaxException : Exception
{
    public RuleSyntaxException(int line, int column, string expected, string found)
        : base($"line {line}, column {column}: expected {expected} but found {found}")
    {
        Line = line;
        Column = column;
        Expected = expected;
        Found = found;
    }

    public int Line { get; }

    public int Column { get; }

    public string Expected { get; }

    public string Found { get; }
}

/// <summary>A rule in a catalog failed to compile: its syntax, a reference to an unknown segment, a reference cycle, or a catalog limit.</summary>
public sealed class SegmentRuleException : Exception
{
    public SegmentRuleException(string segmentId, int line, int column, string message, Exception? inner = null)
        : base(message, inner)
    {
        SegmentId = segmentId;
        Line = line;
        Column = column;
    }

    public string SegmentId { get; }

    public int Line { get; }

    public int Column { get; }
}
