namespace Personalization.Rules;

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
