namespace Personalization.Console.Engine;

/// <summary>The id alphabets the HTTP API accepts (<see cref="Identifiers"/>), for the console's forms.</summary>
public static class ConsoleIds
{
    public static bool IsSegmentId(string id) => Identifiers.SegmentIdError(id) is null;

    public static bool IsCustomerId(string id) => Identifiers.CustomerIdError(id) is null;
}
