namespace Personalization.Host.Http;

/// <summary>Every limit the HTTP API enforces; each is tested and documented in the README.</summary>
public static class ApiLimits
{
    public const int MaxRequestBytes = 1024 * 1024;
    public const int MaxEventsPerBatch = 1000;
    public const int MaxIdLength = Identifiers.MaxIdLength;
    public const int MaxSegmentIdLength = Identifiers.MaxSegmentIdLength;
    public const int MaxEventTypeLength = Identifiers.MaxEventTypeLength;
    public const int MaxProperties = 64;
    public const int MaxAttributeNameLength = Identifiers.MaxAttributeNameLength;
    public const int MaxAttributes = 256;
    public const int MaxStringLength = 1024;
    public const int MaxListItems = 100;
    public const int MaxSegmentNameLength = 200;
    public const int MaxSegmentDescriptionLength = 2000;

    /// <summary>Events dated further ahead than this are refused: they would sit in no window yet and skew recency.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);
}
