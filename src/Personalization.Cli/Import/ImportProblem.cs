namespace Personalization.Cli.Import;

/// <summary>A line that was not stored: the local reason it could not be read, or the engine's reason for rejecting it.</summary>
public sealed record ImportProblem(long Line, string Reason);
