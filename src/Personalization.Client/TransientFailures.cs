using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Polly.Timeout;

namespace Personalization.Client;

/// <summary>
/// Failures after which the same call may succeed: the message never reached a live silo, the silo that held the
/// visitor died (its state reactivates on a survivor from storage), or the answer did not come in time.
/// Everything else (a bad argument, a failure inside the engine) fails the same way again and is not retried.
/// </summary>
internal static class TransientFailures
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        // SiloUnavailableException derives from it; "No gateways available" arrives as a plain rejection.
        OrleansMessageRejectionException => true,
        ConnectionFailedException => true,
        GatewayTooBusyException => true,
        TimeoutException => true,
        TimeoutRejectedException => true,
        _ => false,
    };
}
