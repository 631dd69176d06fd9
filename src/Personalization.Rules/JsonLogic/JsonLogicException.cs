namespace Personalization.Rules.JsonLogic;

/// <summary>A rule that is not JsonLogic (or not a segment rule), or an evaluation that went past a limit; the message says where and why.</summary>
public sealed class JsonLogicException(string message) : Exception(message);
