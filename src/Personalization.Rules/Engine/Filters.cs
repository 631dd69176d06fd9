namespace Personalization.Rules.Engine;

internal static class Filters
{
    public static bool Passes(Condition? filter, double? value, IReadOnlyDictionary<string, RuleValue>? properties)
    {
        if (filter is null)
        {
            return true;
        }

        var scope = Evaluation.ForEvent(value, properties);
        return filter.Test(ref scope);
    }

    /// <summary>Reads <c>value</c> (the event's value) or a property; null when absent.</summary>
    public static RuleValue ReadField(string? field, double? value, IReadOnlyDictionary<string, RuleValue>? properties)
    {
        if (field is null)
        {
            return RuleValue.Null;
        }

        if (field == "value")
        {
            return value is { } number ? RuleValue.NumberOrNull(number) : RuleValue.Null;
        }

        return properties is not null && properties.TryGetValue(field, out var property) ? property : RuleValue.Null;
    }
}
