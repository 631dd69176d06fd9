namespace Personalization.Console.Engine;

/// <summary>Where a rule fails to compile, for the editor to show under the exact line and column.</summary>
public sealed record RuleError(string Message, int Line, int Column);
