namespace Personalization.Customers;

/// <summary>
/// Customer grain references without Orleans' per-call interface resolution: <c>GetGrain&lt;T&gt;(string)</c> reads the
/// interface's attributes by reflection on every call, a visible share of the host's CPU on single-event ingest (see
/// docs/performance.md). The grain and interface types never change within a process, so they are resolved once.
/// </summary>
public static class CustomerGrainReferences
{
    private static ResolvedTypes? resolved;

    public static ICustomerGrain GetCustomerGrain(this IGrainFactory grains, string customerId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        var types = resolved ??= Resolve(grains);
        return (ICustomerGrain)grains.GetGrain(GrainId.Create(types.Grain, customerId), types.Interface);
    }

    private static ResolvedTypes Resolve(IGrainFactory grains)
    {
        var reference = (GrainReference)grains.GetGrain<ICustomerGrain>("type-resolution");
        return new ResolvedTypes(reference.GrainId.Type, reference.InterfaceType);
    }

    private sealed record ResolvedTypes(GrainType Grain, GrainInterfaceType Interface);
}
