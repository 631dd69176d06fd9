namespace Personalization.Diagnostics;

internal sealed class BareActivationGrain : Grain, IBareActivationGrain
{
    public ValueTask ActivateAsync() => ValueTask.CompletedTask;
}
