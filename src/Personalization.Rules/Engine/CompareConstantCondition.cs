using Personalization.Rules.Syntax;

namespace Personalization.Rules.Engine;

/// <summary>A comparison with a literal; a string literal that is a date is parsed once, here, instead of on every evaluation.</summary>
internal class CompareConstantCondition : Condition
{
    private readonly RuleValue constant;
    private readonly RuleValue constantAsDate;

    public CompareConstantCondition(ValueNode left, BinaryOperator op, RuleValue constant)
    {
        Left = left;
        Operator = op;
        this.constant = constant;
        constantAsDate = constant.Kind == RuleValueKind.String && RuleValue.TryParseDate(constant.AsString, out var date) ? RuleValue.FromDate(date) : constant;
        TimeDependent = left.TimeDependent;
    }

    protected ValueNode Left { get; }

    protected BinaryOperator Operator { get; }

    public override bool Test(ref Evaluation e)
    {
        var value = Left.Evaluate(ref e);
        if (value.IsNumber && constant.IsNumber)
        {
            return Comparison.Ordered(value.RawNumber.CompareTo(constant.RawNumber), Operator);
        }

        return Comparison.Compare(value, Operator, value.Kind == RuleValueKind.Date ? constantAsDate : constant);
    }

    public override long NextChange(ref Evaluation e) => Left.NextChange(ref e);
}
