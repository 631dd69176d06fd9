using Personalization.Host.Http;
using Personalization.Rules.JsonLogic;
using Personalization.Segments;

namespace Personalization.Host.Segments;

/// <summary>The <c>format</c> query parameter of segment reads: <c>text</c> (the default) or <c>jsonlogic</c>.</summary>
internal static class SegmentFormat
{
    public static IResult? Error(string? format) => format is null or "text" or "jsonlogic"
        ? null
        : FieldErrors.Problem("format", "must be text or jsonlogic", "The format is not known.");

    public static bool IsJsonLogic(string? format) => format == "jsonlogic";

    public static JsonLogicSegment AsJsonLogic(SegmentDefinition segment) => new(
        segment.Id, segment.Name, segment.Description, JsonLogicSyntax.ToJsonLogic(segment.Rule),
        segment.Version, segment.CreatedAt, segment.UpdatedAt, segment.Deleted);
}
