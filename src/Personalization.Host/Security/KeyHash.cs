using System.Buffers.Binary;

namespace Personalization.Host.Security;

/// <summary>A SHA-256 as four words: a dictionary key that is compared and hashed without allocating.</summary>
public readonly record struct KeyHash(ulong A, ulong B, ulong C, ulong D)
{
    public static KeyHash From(ReadOnlySpan<byte> sha256) => new(
        BinaryPrimitives.ReadUInt64BigEndian(sha256),
        BinaryPrimitives.ReadUInt64BigEndian(sha256[8..]),
        BinaryPrimitives.ReadUInt64BigEndian(sha256[16..]),
        BinaryPrimitives.ReadUInt64BigEndian(sha256[24..]));

    public static KeyHash FromHex(string hex) => From(Convert.FromHexString(hex));
}
