using Personalization.Rules;
using Personalization.Rules.Facts;

namespace Personalization.Campaigns.Catalog;

/// <summary>
/// An event trigger's rule, compiled once per campaign version. It reads the event alone: its properties and its
/// <c>value</c> are the attributes, so the silo can decide without the customer's state whether the event triggers.
/// </summary>
public sealed class EventFilter
{
    public const string ValueAttribute = "value";

    private readonly SegmentCatalog compiled;

    private EventFilter(SegmentCatalog compiled) => this.compiled = compiled;

    /// <exception cref="SegmentRuleException">The rule does not parse, or refers to a segment (a filter has none to read).</exception>
    public static EventFilter Compile(string rule) => new(SegmentCatalog.Compile(0, [new SegmentRule("event", rule)]));

    public bool Matches(BehaviourEvent e)
    {
        // The event's value is an attribute too, and wins over a property of the same name (From keeps the last).
        var value = new KeyValuePair<string, RuleValue>(ValueAttribute, e.Value is { } number ? RuleValue.FromNumber(number) : RuleValue.Null);
        var attributes = ProfileAttributes.From(e.Properties is { } properties ? properties.Append(value) : [value]);
        Span<bool> matches = stackalloc bool[1];
        compiled.Evaluate(new CustomerFacts { Profile = attributes }, e.Timestamp, matches);
        return matches[0];
    }
}
