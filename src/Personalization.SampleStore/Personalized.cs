using Personalization.Client;

namespace Personalization.SampleStore;

/// <summary>What the engine said about the visitor on this request, or that it could not be asked.</summary>
public sealed record Personalized(IReadOnlyList<string> Segments, IReadOnlyList<PendingOffer> Offers, bool Available)
{
    public static Personalized Unavailable { get; } = new([], [], Available: false);
}
