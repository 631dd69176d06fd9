namespace Personalization.Diagnostics;

/// <summary>
/// A grain with no state that stays active until collected: what one activation costs Orleans itself (activation,
/// scheduler, directory and caches), the baseline the memory load test compares a customer's bytes with.
/// </summary>
public interface IBareActivationGrain : IGrainWithStringKey
{
    ValueTask ActivateAsync();
}
