namespace Personalization.Console.Engine;

/// <summary>A line of a diff: kept, removed (only in the old text) or added (only in the new).</summary>
public sealed record DiffLine(char Change, string Text);
