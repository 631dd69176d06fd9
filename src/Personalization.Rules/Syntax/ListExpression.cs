using System.Collections.Immutable;

namespace Personalization.Rules.Syntax;

/// <summary><c>[...]</c>: literals only, at most <see cref="SegmentCatalog.MaxListItems"/>.</summary>
public sealed record ListExpression(ImmutableArray<RuleValue> Items) : RuleExpression
{
    public bool Equals(ListExpression? other) => other is not null && Items.AsSpan().SequenceEqual(other.Items.AsSpan());

    public override int GetHashCode() => Hashing.Of(Items);
}
