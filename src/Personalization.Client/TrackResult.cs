namespace Personalization.Client;

/// <param name="Segments">The visitor's segments after the events.</param>
/// <param name="Entered">Segments the events made the visitor enter.</param>
/// <param name="Exited">Segments the events made the visitor leave.</param>
/// <param name="EventIds">The id each event was sent with, in order: the caller's, or the one generated for it.</param>
/// <param name="DuplicatesIgnored">
/// Events whose id the engine had already counted. After a retry this may include the call's own events, when an
/// attempt that looked failed had in fact been stored.
/// </param>
public sealed record TrackResult(
    IReadOnlyList<string> Segments,
    IReadOnlyList<string> Entered,
    IReadOnlyList<string> Exited,
    IReadOnlyList<string> EventIds,
    int DuplicatesIgnored);
