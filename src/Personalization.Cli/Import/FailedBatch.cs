namespace Personalization.Cli.Import;

/// <summary>A batch that could not be delivered after its attempts; none of its events are known to be stored.</summary>
public sealed record FailedBatch(long FirstLine, long LastLine, int Events, int Attempts, string Reason);
