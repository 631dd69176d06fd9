using System.Collections.Immutable;

namespace Personalization.Rules.Syntax;

/// <summary>
/// A call of a non-behavioural function: <c>starts_with</c>, <c>ends_with</c>, <c>lower</c>, <c>age_in_years</c>,
/// <c>in_segment</c> (one string literal) or <c>days_since_first_seen</c> (no arguments).
/// </summary>
public sealed record FunctionExpression(string Name, ImmutableArray<RuleExpression> Arguments) : RuleExpression
{
    public bool Equals(FunctionExpression? other) =>
        other is not null && Name == other.Name && Arguments.AsSpan().SequenceEqual(other.Arguments.AsSpan());

    public override int GetHashCode() => HashCode.Combine(Name, Hashing.Of(Arguments));
}
