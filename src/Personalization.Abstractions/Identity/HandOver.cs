using System.Collections.Immutable;

namespace Personalization.Identity;

/// <summary>
/// An id's answer to a customer merging it in. <see cref="Refused"/> null means it now forwards to that customer; the
/// state is then in <see cref="StateJson"/>, or null when an earlier call already handed it over and dropped it.
/// </summary>
/// <param name="StateJson">The id's customer state as stored (JSON): its facts and event-id history.</param>
/// <param name="Aliases">The id's own aliases, which move to the merging customer.</param>
[GenerateSerializer, Immutable]
public sealed record HandOver(
    [property: Id(0)] IdentifyStatus? Refused,
    [property: Id(1)] string? StateJson,
    [property: Id(2)] ImmutableArray<string> Aliases);
