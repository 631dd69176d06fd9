using System.Text.RegularExpressions;

namespace Personalization.Console.Engine;

/// <summary>The id alphabets the HTTP API accepts (the host's Identifiers), for the console's forms.</summary>
public static partial class ConsoleIds
{
    public static bool IsSegmentId(string id) => SegmentId().IsMatch(id);

    public static bool IsCustomerId(string id) => CustomerId().IsMatch(id);

    [GeneratedRegex("^[a-z0-9_-]{1,64}$")]
    private static partial Regex SegmentId();

    [GeneratedRegex("^[A-Za-z0-9._:@-]{1,128}$")]
    private static partial Regex CustomerId();
}
