using Orleans.Storage;

namespace Personalization.Grains.Tests;

/// <summary>
/// Grain storage that fails the next write of chosen grains (or of one named state of a grain) once, as a storage outage
/// would, and otherwise passes through.
/// </summary>
internal sealed class FailingWritesStorage(IGrainStorage inner) : IGrainStorage
{
    private static readonly HashSet<(GrainId Grain, string? StateName)> FailNext = [];

    public static void FailNextWrite(GrainId grainId, string? stateName = null)
    {
        lock (FailNext)
        {
            FailNext.Add((grainId, stateName));
        }
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        lock (FailNext)
        {
            if (FailNext.Remove((grainId, null)) || FailNext.Remove((grainId, stateName)))
            {
                throw new IOException($"storage unavailable for {grainId} (test)");
            }
        }

        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
