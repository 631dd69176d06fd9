namespace Personalization.LoadTests.Runner;

/// <summary>What one scenario call reports back: success (with an optional payload size) or failure with a reason.</summary>
public sealed record Response
{
    private static readonly Response OkWithoutSize = new(false, null, 0);

    private Response(bool isError, string? message, long sizeBytes)
    {
        IsError = isError;
        Message = message;
        SizeBytes = sizeBytes;
    }

    public bool IsError { get; }

    /// <summary>Why the call failed; failures are grouped by this text in the reports, so keep it free of per-call ids.</summary>
    public string? Message { get; }

    public long SizeBytes { get; }

    public static Response Ok(long sizeBytes = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeBytes);
        return sizeBytes == 0 ? OkWithoutSize : new Response(false, null, sizeBytes);
    }

    public static Response Fail(string message, long sizeBytes = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        ArgumentOutOfRangeException.ThrowIfNegative(sizeBytes);
        return new Response(true, message, sizeBytes);
    }
}
