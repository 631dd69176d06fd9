using System.Security.Cryptography;
using System.Text;

namespace Personalization.Campaigns.Webhooks;

/// <summary>
/// How a receiver knows a webhook came from this engine: HMAC-SHA256 with the campaign's secret over
/// "{timestamp}.{body}", sent as <c>X-Personalization-Signature: sha256=&lt;hex&gt;</c> next to the timestamp header.
/// Signing the timestamp too lets receivers refuse replays of old deliveries.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-Personalization-Signature";
    public const string TimestampHeader = "X-Personalization-Timestamp";
    public const string DeliveryHeader = "X-Personalization-Delivery";
    public const string AttemptHeader = "X-Personalization-Attempt";

    /// <param name="timestamp">Unix seconds, as sent in <see cref="TimestampHeader"/>.</param>
    public static string Compute(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{timestamp}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>Checks a signature in constant time, as a receiver should.</summary>
    public static bool Verify(string secret, long timestamp, ReadOnlySpan<byte> body, string signature) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(secret, timestamp, body)), Encoding.ASCII.GetBytes(signature));
}
