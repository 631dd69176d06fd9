namespace Personalization.Diagnostics;

/// <summary>A grain that does nothing: the cost of a bare grain call, the baseline load tests compare lookups with.</summary>
public interface IPingGrain : IGrainWithStringKey
{
    ValueTask PingAsync();
}
