namespace Personalization.Cli.Import;

/// <summary>Which CSV column feeds which event field; a null column leaves that field out of every event.</summary>
public sealed record CsvColumns(
    string Customer,
    string? Timestamp,
    string? Value,
    string? EventId = null,
    string? Session = null,
    IReadOnlyList<PropertyColumn>? Properties = null);
