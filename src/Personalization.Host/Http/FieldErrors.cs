namespace Personalization.Host.Http;

/// <summary>Collects "field: reason" pairs and turns them into an RFC 7807 validation problem.</summary>
public sealed class FieldErrors
{
    // Created at the first error: a batch checks a thousand events per request and nearly all of them are valid.
    private Dictionary<string, List<string>>? errors;

    public bool Any => errors is { Count: > 0 };

    public void Add(string field, string reason)
    {
        errors ??= new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (!errors.TryGetValue(field, out var reasons))
        {
            errors[field] = reasons = [];
        }

        reasons.Add(reason);
    }

    /// <summary>One line per problem, for batch answers that report each rejected event as a string.</summary>
    public string Summary() => errors is null ? "" : string.Join("; ", errors.SelectMany(e => e.Value.Select(reason => $"{e.Key}: {reason}")));

    public IResult ToProblem(string title, IDictionary<string, object?>? extensions = null) =>
        TypedResults.ValidationProblem(
            errors?.ToDictionary(e => e.Key, e => e.Value.ToArray()) ?? [],
            title: title,
            extensions: extensions);

    public static IResult Problem(string field, string reason, string title)
    {
        var errors = new FieldErrors();
        errors.Add(field, reason);
        return errors.ToProblem(title);
    }
}
