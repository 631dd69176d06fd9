using Orleans.Concurrency;

namespace Personalization.Diagnostics;

/// <remarks>
/// One worker per key and no idle-worker removal: removal arms a 500 ms inspection timer in every key's context, and
/// with a key per visitor (10,000 in the load tests) those timers kept firing after the baseline scenario, contending on
/// the runtime's timer lock and slowing every scenario that ran after it.
/// </remarks>
[StatelessWorker(1, removeIdleWorkers: false)]
internal sealed class PingGrain : Grain, IPingGrain
{
    public ValueTask PingAsync() => ValueTask.CompletedTask;
}
