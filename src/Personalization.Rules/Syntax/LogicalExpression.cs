using System.Collections.Immutable;

namespace Personalization.Rules.Syntax;

/// <summary>A chain of <c>and</c> (or of <c>or</c>) with at least two operands, kept flat so long chains do not nest.</summary>
public sealed record LogicalExpression(LogicalOperator Operator, ImmutableArray<RuleExpression> Operands) : RuleExpression
{
    public bool Equals(LogicalExpression? other) =>
        other is not null && Operator == other.Operator && Operands.AsSpan().SequenceEqual(other.Operands.AsSpan());

    public override int GetHashCode() => HashCode.Combine(Operator, Hashing.Of(Operands));
}
