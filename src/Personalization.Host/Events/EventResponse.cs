using System.Collections.Immutable;

namespace Personalization.Host.Events;

/// <summary>A single event's answer; <see cref="Duplicate"/> says its eventId was seen before, so it changed nothing.</summary>
public sealed record EventResponse(ImmutableArray<string> Segments, ImmutableArray<string> Entered, ImmutableArray<string> Exited, bool Duplicate);
