namespace Personalization.Cli.Import;

/// <summary>One CSV record: its fields, or why it could not be read, and the line of the file it starts on.</summary>
public sealed record CsvRecord(long Line, IReadOnlyList<string> Fields, string? Error);
