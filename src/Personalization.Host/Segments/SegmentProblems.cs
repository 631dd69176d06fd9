using Personalization.Host.Http;

namespace Personalization.Host.Segments;

internal static class SegmentProblems
{
    /// <summary>A rule error as a validation problem on "rule", with the position as extensions a UI can point at.</summary>
    public static IResult InvalidRule(string message, int? line, int? column)
    {
        var errors = new FieldErrors();
        errors.Add("rule", message);
        return errors.ToProblem("The rule is not valid.", new Dictionary<string, object?> { ["line"] = line, ["column"] = column });
    }

    public static IResult NotFound(string segmentId) => TypedResults.Problem(
        title: "No such segment.",
        detail: $"There is no segment '{segmentId}'.",
        statusCode: StatusCodes.Status404NotFound,
        extensions: new Dictionary<string, object?> { ["field"] = "segmentId" });
}
