namespace Personalization.Rules.Engine;

internal readonly record struct SessionInfo(bool Active, string? Id, long StartTicks, long ValidUntil);
