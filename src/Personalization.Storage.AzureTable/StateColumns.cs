using Azure.Data.Tables;

namespace Personalization.Storage.AzureTable;

/// <summary>
/// Spreads serialized state over binary properties named Data, Data1, ... Data14, as the official provider does,
/// because one property holds at most 64 KiB and an entity at most 1 MiB.
/// </summary>
internal static class StateColumns
{
    public const int ChunkSize = 64 * 1024;

    /// <summary>Fifteen full chunks (960 KiB) leave room within the 1 MiB entity for the keys, names and timestamp.</summary>
    public const int MaxChunks = 15;

    public const int MaxStateSize = ChunkSize * MaxChunks;

    public static string Name(int index) => index == 0 ? "Data" : $"Data{index}";

    /// <summary>Stores <paramref name="state"/>, which the caller has checked is at most <see cref="MaxStateSize"/> bytes.</summary>
    public static void Write(ReadOnlyMemory<byte> state, TableEntity entity)
    {
        for (int index = 0, offset = 0; offset < state.Length; index++, offset += ChunkSize)
        {
            entity[Name(index)] = state.Slice(offset, Math.Min(ChunkSize, state.Length - offset)).ToArray();
        }
    }

    /// <summary>The stored bytes, or null when the row holds no state (a row left by clearing without deleting).</summary>
    public static BinaryData? Read(TableEntity entity)
    {
        var chunks = new List<byte[]>();
        for (var index = 0; index < MaxChunks && entity.ContainsKey(Name(index)); index++)
        {
            if (entity.GetBinary(Name(index)) is { Length: > 0 } chunk)
            {
                chunks.Add(chunk);
            }
        }

        switch (chunks.Count)
        {
            case 0:
                return null;
            case 1:
                return new BinaryData(chunks[0]);
            default:
                var state = new byte[chunks.Sum(chunk => chunk.Length)];
                var offset = 0;
                foreach (var chunk in chunks)
                {
                    chunk.CopyTo(state, offset);
                    offset += chunk.Length;
                }

                return new BinaryData(state);
        }
    }
}
