namespace Personalization.Host.Events;

/// <summary><see cref="Accepted"/> counts events stored now or before; <see cref="Duplicates"/> how many of those were redeliveries.</summary>
public sealed record BatchResponse(int Accepted, int Duplicates, IReadOnlyList<RejectedEvent> Rejected);
