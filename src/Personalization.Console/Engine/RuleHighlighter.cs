using System.Text.RegularExpressions;

namespace Personalization.Console.Engine;

/// <summary>A piece of rule text and what it is, for the editor's highlighted copy.</summary>
public sealed record RuleToken(string Text, string? Kind);

/// <summary>
/// Splits rule text into functions, keywords, strings and numbers for display. It only colours: whether the rule is
/// valid is the parser's answer (<see cref="SegmentQueries.Check"/>), shown separately.
/// </summary>
public static partial class RuleHighlighter
{
    public static IEnumerable<RuleToken> Tokens(string rule)
    {
        var last = 0;
        foreach (Match match in Token().Matches(rule))
        {
            if (match.Index > last)
            {
                yield return new RuleToken(rule[last..match.Index], null);
            }

            var kind = match.Groups["string"].Success ? "string"
                : match.Groups["number"].Success ? "number"
                : match.Groups["function"].Success ? "function"
                : "keyword";
            yield return new RuleToken(match.Value, kind);
            last = match.Index + match.Length;
        }

        if (last < rule.Length)
        {
            yield return new RuleToken(rule[last..], null);
        }
    }

    [GeneratedRegex("""(?<string>"(?:[^"\\]|\\.)*"?)|(?<number>\b\d+(?:\.\d+)?[mhd]?\b)|(?<function>\b[a-z_]+(?=\())|(?<keyword>\b(?:and|or|not|in|contains|between|where|session|true|false|null)\b)""")]
    private static partial Regex Token();
}
