using Personalization.Rules.Facts;

namespace Personalization.Rules.Tests;

/// <summary>Builds customers and evaluates single rules against them at an explicit instant.</summary>
internal static class Given
{
    public static readonly DateTimeOffset Now = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);

    public static CustomerFacts Customer(params (string Name, RuleValue Value)[] attributes)
    {
        var facts = new CustomerFacts();
        foreach (var (name, value) in attributes)
        {
            facts.MergeProfile([new(name, value)]);
        }

        return facts;
    }

    public static (string, RuleValue) Attr(string name, string value) => (name, RuleValue.FromString(value));

    public static (string, RuleValue) Attr(string name, double value) => (name, RuleValue.FromNumber(value));

    public static (string, RuleValue) Attr(string name, bool value) => (name, RuleValue.FromBool(value));

    public static (string, RuleValue) Attr(string name, DateTimeOffset value) => (name, RuleValue.FromDate(value));

    public static (string, RuleValue) Attr(string name, params string[] values) => (name, RuleValue.FromStrings(values));

    public static BehaviourEvent Event(string type, TimeSpan ago, double? value = null, string? session = null, params (string Name, RuleValue Value)[] properties) =>
        new(type, Now - ago, value, session, properties.Length == 0 ? null : properties.ToDictionary(p => p.Name, p => p.Value));

    public static CustomerFacts With(this CustomerFacts facts, SegmentCatalog catalog, params BehaviourEvent[] events)
    {
        foreach (var e in events)
        {
            facts.Record(e, catalog);
        }

        return facts;
    }

    /// <summary>An independent customer with the same data, so that evaluating it starts from no cached values.</summary>
    public static CustomerFacts FreshCopy(CustomerFacts facts) =>
        System.Text.Json.JsonSerializer.Deserialize<CustomerFacts>(System.Text.Json.JsonSerializer.Serialize(facts))!;

    public static SegmentCatalog Catalog(params string[] rules) =>
        SegmentCatalog.Compile(1, rules.Select((rule, i) => new SegmentRule($"s{i}", rule)).ToList());

    /// <summary>Evaluates one rule; events are recorded under that same catalog, as a grain would.</summary>
    public static bool Matches(string rule, CustomerFacts facts, DateTimeOffset? at = null)
    {
        var catalog = Catalog(rule);
        var matches = new bool[1];
        catalog.Evaluate(facts, at ?? Now, matches);
        return matches[0];
    }

    public static bool Matches(string rule, Func<SegmentCatalog, CustomerFacts> build, DateTimeOffset? at = null)
    {
        var catalog = Catalog(rule);
        var facts = build(catalog);
        var matches = new bool[1];
        catalog.Evaluate(facts, at ?? Now, matches);
        return matches[0];
    }

    public static TimeSpan Days(double days) => TimeSpan.FromDays(days);

    public static TimeSpan Hours(double hours) => TimeSpan.FromHours(hours);

    public static TimeSpan Minutes(double minutes) => TimeSpan.FromMinutes(minutes);
}
