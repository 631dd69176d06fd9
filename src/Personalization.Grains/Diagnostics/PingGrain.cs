using Orleans.Concurrency;

namespace Personalization.Diagnostics;

[StatelessWorker]
internal sealed class PingGrain : Grain, IPingGrain
{
    public ValueTask PingAsync() => ValueTask.CompletedTask;
}
