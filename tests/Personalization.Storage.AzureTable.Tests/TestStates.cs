namespace Personalization.Storage.AzureTable.Tests;

[GenerateSerializer]
public sealed class ProfileState
{
    [Id(0)]
    public string Name { get; set; } = "";

    [Id(1)]
    public List<string> Segments { get; set; } = [];

    [Id(2)]
    public byte[] Payload { get; set; } = [];
}

internal static class GrainStateExtensions
{
    /// <summary>The state, asserted present: storage hands a new instance rather than null even when nothing is stored.</summary>
    public static ProfileState Profile(this IGrainState<ProfileState> grainState)
    {
        Assert.NotNull(grainState.State);
        return grainState.State;
    }
}
