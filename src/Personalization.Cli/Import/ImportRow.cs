namespace Personalization.Cli.Import;

/// <summary>
/// One line of the source: an event ready to send as UTF-8 JSON, or the reason it cannot be sent.
/// <see cref="Line"/> is the line of the file it came from, so every problem can be traced back to it.
/// </summary>
public sealed record ImportRow(long Line, byte[]? EventJson, string? Error)
{
    public static ImportRow Event(long line, byte[] eventJson) => new(line, eventJson, null);

    public static ImportRow Invalid(long line, string error) => new(line, null, error);
}
