using Personalization.Customers;

namespace Personalization.Grains.Tests;

/// <summary>
/// Fails the next directory registration of chosen customers once, before the directory sees it, as a directory shard on a
/// silo that just died does (SiloUnavailableException); every other call passes through.
/// </summary>
internal sealed class FailingRegistrations : IIncomingGrainCallFilter
{
    private static readonly HashSet<string> FailNext = [];

    public static void FailNextRegistration(string customerId)
    {
        lock (FailNext)
        {
            FailNext.Add(customerId);
        }
    }

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.Grain is ICustomerDirectoryGrain
            && context.InterfaceMethod?.Name == nameof(ICustomerDirectoryGrain.RegisterAsync)
            && context.Request.GetArgument(0) is string customerId)
        {
            lock (FailNext)
            {
                if (FailNext.Remove(customerId))
                {
                    throw new SiloUnavailableException($"the directory shard of {customerId} is on a dead silo (test)");
                }
            }
        }

        return context.Invoke();
    }
}
