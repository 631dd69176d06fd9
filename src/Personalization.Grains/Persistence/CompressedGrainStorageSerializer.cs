using System.IO.Compression;
using Orleans.Storage;

namespace Personalization.Persistence;

/// <summary>
/// Wraps a grain storage serializer and GZip-compresses what it writes. A customer's state is JSON full of repeated
/// property names and timestamps, so it shrinks several times over: durable storage then moves, bills and parses
/// fewer bytes per write, and a row's size limit holds a longer history.
/// </summary>
/// <remarks>
/// Reading accepts both forms (GZip is recognised by its two magic bytes, which JSON never starts with), so rows
/// written before compression was switched on, or by a host with it off, stay readable. Being a plain
/// <see cref="IGrainStorageSerializer"/>, it is set through the providers' own <c>GrainStorageSerializer</c> option,
/// the official Azure and Redis providers' included.
/// </remarks>
public sealed class CompressedGrainStorageSerializer(IGrainStorageSerializer inner) : IGrainStorageSerializer
{
    private const byte GZipMagic1 = 0x1f;
    private const byte GZipMagic2 = 0x8b;

    public BinaryData Serialize<T>(T? input)
    {
        var plain = inner.Serialize(input);
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(plain.ToMemory().Span);
        }

        return new BinaryData(compressed.GetBuffer().AsMemory(0, (int)compressed.Length));
    }

    public T? Deserialize<T>(BinaryData input)
    {
        if (!IsCompressed(input.ToMemory().Span))
        {
            return inner.Deserialize<T>(input);
        }

        using var gzip = new GZipStream(input.ToStream(), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        return inner.Deserialize<T>(new BinaryData(plain.GetBuffer().AsMemory(0, (int)plain.Length)));
    }

    public static bool IsCompressed(ReadOnlySpan<byte> stored) =>
        stored.Length >= 2 && stored[0] == GZipMagic1 && stored[1] == GZipMagic2;
}
