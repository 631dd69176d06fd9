namespace Personalization.Host.Events;

public sealed record RejectedEvent(int Index, string Error);
