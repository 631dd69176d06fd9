namespace Personalization.Rules;

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
