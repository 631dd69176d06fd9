using Personalization.Rules.Syntax;

namespace Personalization.Rules.Engine;

/// <summary>A compiled boolean sub-rule. Instances are immutable and shared by every customer and thread.</summary>
internal abstract class Condition
{
    /// <summary>Whether the result can change with time alone, with no new event or profile change.</summary>
    public bool TimeDependent { get; protected init; }

    public abstract bool Test(ref Evaluation e);

    /// <summary>
    /// The earliest instant (UTC ticks) after now at which <see cref="Test"/> could answer differently with no new event
    /// or profile change; <see cref="long.MaxValue"/> when never. May be early (a conservative bound), never late.
    /// </summary>
    public virtual long NextChange(ref Evaluation e) => long.MaxValue;
}

/// <summary>A compiled value-producing sub-rule; immutable and shared.</summary>
internal abstract class ValueNode
{
    public bool TimeDependent { get; protected init; }

    public abstract RuleValue Evaluate(ref Evaluation e);

    public virtual long NextChange(ref Evaluation e) => long.MaxValue;
}

/// <summary>A value that is a whole number of time units since an instant, so its threshold crossings can be computed.</summary>
internal interface IStepValue
{
    /// <summary>False when there is no such instant (null value); otherwise the value, when it next grows by one, and the unit.</summary>
    bool TryStep(ref Evaluation e, out long value, out long nextStepTicks, out long unitTicks);
}

internal static class Time
{
    public static long Earliest(long a, long b) => a < b ? a : b;

    /// <summary>Whole units since <paramref name="sinceTicks"/> (0 while it is still ahead) and when that number next grows.</summary>
    public static long UnitsSince(long sinceTicks, long nowTicks, long unitTicks, out long nextStepTicks)
    {
        var units = nowTicks <= sinceTicks ? 0 : (nowTicks - sinceTicks) / unitTicks;
        nextStepTicks = sinceTicks > long.MaxValue - (units + 1) * unitTicks ? long.MaxValue : sinceTicks + (units + 1) * unitTicks;
        return units;
    }
}

internal sealed class ConstantCondition(bool value) : Condition
{
    public override bool Test(ref Evaluation e) => value;
}

internal sealed class AndCondition : Condition
{
    private readonly Condition[] operands;

    public AndCondition(Condition[] operands)
    {
        this.operands = operands;
        TimeDependent = operands.Any(o => o.TimeDependent);
    }

    public override bool Test(ref Evaluation e)
    {
        foreach (var operand in operands)
        {
            if (!operand.Test(ref e))
            {
                return false;
            }
        }

        return true;
    }

    public override long NextChange(ref Evaluation e)
    {
        // A false operand that time cannot change keeps the whole chain false.
        foreach (var operand in operands)
        {
            if (!operand.TimeDependent && !operand.Test(ref e))
            {
                return long.MaxValue;
            }
        }

        var next = long.MaxValue;
        foreach (var operand in operands)
        {
            if (operand.TimeDependent)
            {
                next = Time.Earliest(next, operand.NextChange(ref e));
            }
        }

        return next;
    }
}

internal sealed class OrCondition : Condition
{
    private readonly Condition[] operands;

    public OrCondition(Condition[] operands)
    {
        this.operands = operands;
        TimeDependent = operands.Any(o => o.TimeDependent);
    }

    public override bool Test(ref Evaluation e)
    {
        foreach (var operand in operands)
        {
            if (operand.Test(ref e))
            {
                return true;
            }
        }

        return false;
    }

    public override long NextChange(ref Evaluation e)
    {
        foreach (var operand in operands)
        {
            if (!operand.TimeDependent && operand.Test(ref e))
            {
                return long.MaxValue;
            }
        }

        var next = long.MaxValue;
        foreach (var operand in operands)
        {
            if (operand.TimeDependent)
            {
                next = Time.Earliest(next, operand.NextChange(ref e));
            }
        }

        return next;
    }
}

internal sealed class NotCondition : Condition
{
    private readonly Condition operand;

    public NotCondition(Condition operand)
    {
        this.operand = operand;
        TimeDependent = operand.TimeDependent;
    }

    public override bool Test(ref Evaluation e) => !operand.Test(ref e);

    public override long NextChange(ref Evaluation e) => operand.NextChange(ref e);
}

/// <summary>A value in a condition's place: true only when it is the boolean true.</summary>
internal sealed class TruthCondition : Condition
{
    private readonly ValueNode value;

    public TruthCondition(ValueNode value)
    {
        this.value = value;
        TimeDependent = value.TimeDependent;
    }

    public override bool Test(ref Evaluation e)
    {
        var result = value.Evaluate(ref e);
        return result.Kind == RuleValueKind.Bool && result.AsBool;
    }

    public override long NextChange(ref Evaluation e) => value.NextChange(ref e);
}

/// <summary><c>x == null</c> or, negated, <c>x != null</c>.</summary>
internal sealed class NullTestCondition : Condition
{
    private readonly ValueNode value;
    private readonly bool wantNull;

    public NullTestCondition(ValueNode value, bool wantNull)
    {
        this.value = value;
        this.wantNull = wantNull;
        TimeDependent = value.TimeDependent;
    }

    public override bool Test(ref Evaluation e) => value.Evaluate(ref e).IsNull == wantNull;

    public override long NextChange(ref Evaluation e) => value.NextChange(ref e);
}

internal sealed class CompareCondition : Condition
{
    private readonly ValueNode left;
    private readonly BinaryOperator op;
    private readonly ValueNode right;

    public CompareCondition(ValueNode left, BinaryOperator op, ValueNode right)
    {
        this.left = left;
        this.op = op;
        this.right = right;
        TimeDependent = left.TimeDependent || right.TimeDependent;
    }

    public override bool Test(ref Evaluation e)
    {
        var l = left.Evaluate(ref e);
        var r = right.Evaluate(ref e);
        return Comparison.Compare(l, op, r);
    }

    public override long NextChange(ref Evaluation e) => Time.Earliest(left.NextChange(ref e), right.NextChange(ref e));
}

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

/// <summary>
/// A recency value (<c>days_since</c>, <c>minutes_since</c>, <c>days_since_first_seen</c>) compared with a number: the value
/// grows by one per unit, so the instant the answer flips is computed exactly instead of waking every unit.
/// </summary>
internal sealed class StepThresholdCondition(ValueNode left, BinaryOperator op, double threshold)
    : CompareConstantCondition(left, op, RuleValue.FromNumber(threshold))
{
    /// <summary>
    /// The answer holds until it flips, not only until the value's next step; otherwise a customer would be woken every
    /// minute by <c>minutes_since(view) &lt; 60</c>. Until an event arrives the value only steps up by one per unit.
    /// </summary>
    public override bool Test(ref Evaluation e)
    {
        var outer = e.ValidUntil;
        var holds = base.Test(ref e);
        e.ValidUntil = Time.Earliest(outer, NextChange(ref e));
        return holds;
    }

    public override long NextChange(ref Evaluation e)
    {
        if (!((IStepValue)Left).TryStep(ref e, out var value, out var nextStepTicks, out var unitTicks))
        {
            return long.MaxValue;
        }

        // Over whole numbers the answer can only flip where the value reaches ceil(threshold) or floor(threshold) + 1,
        // and ceil(threshold) <= floor(threshold) + 1 always, so trying them in this order finds the earliest flip.
        var current = Holds(value);
        var first = Math.Ceiling(threshold);
        var second = Math.Floor(threshold) + 1;
        ReadOnlySpan<double> candidates = [first, second];
        foreach (var candidate in candidates)
        {
            if (candidate > value && Holds(candidate) != current)
            {
                var stepsAfterNext = candidate - value - 1;
                return stepsAfterNext >= (double)(long.MaxValue - nextStepTicks) / unitTicks
                    ? long.MaxValue
                    : nextStepTicks + (long)stepsAfterNext * unitTicks;
            }
        }

        return long.MaxValue;
    }

    private bool Holds(double value) => Comparison.Ordered(value.CompareTo(threshold), Operator);
}

/// <summary><c>x in [literals]</c>, or negated <c>not in</c>; a null <c>x</c> is in neither.</summary>
internal sealed class InListCondition : Condition
{
    private readonly ValueNode value;
    private readonly RuleValue[] items;
    private readonly HashSet<string> strings;
    private readonly HashSet<double> numbers;
    private readonly bool negate;

    public InListCondition(ValueNode value, IEnumerable<RuleValue> items, bool negate)
    {
        this.value = value;
        this.items = items.Where(i => !i.IsNull).ToArray();
        strings = new HashSet<string>(this.items.Where(i => i.Kind == RuleValueKind.String).Select(i => i.AsString), StringComparer.Ordinal);
        numbers = [.. this.items.Where(i => i.Kind == RuleValueKind.Number).Select(i => i.AsNumber)];
        this.negate = negate;
        TimeDependent = value.TimeDependent;
    }

    public override bool Test(ref Evaluation e)
    {
        var v = value.Evaluate(ref e);
        return !v.IsNull && Contains(v) != negate;
    }

    public override long NextChange(ref Evaluation e) => value.NextChange(ref e);

    private bool Contains(in RuleValue v)
    {
        switch (v.Kind)
        {
            case RuleValueKind.String when !v.CaseFolded:
                return strings.Contains(v.RawString);
            case RuleValueKind.Number:
                return numbers.Contains(v.RawNumber);
            case RuleValueKind.StringList:
                // A list attribute is "in" the literal list when the two share an element.
                foreach (var element in v.RawStrings)
                {
                    if (strings.Contains(element))
                    {
                        return true;
                    }
                }

                return false;
            default:
                foreach (var item in items)
                {
                    if (Comparison.Compare(v, BinaryOperator.Equal, item))
                    {
                        return true;
                    }
                }

                return false;
        }
    }
}

/// <summary><c>x in listValue</c> where the list is not a literal, e.g. <c>"golf" in interests</c>.</summary>
internal sealed class InValueCondition : Condition
{
    private readonly ValueNode value;
    private readonly ValueNode list;
    private readonly bool negate;

    public InValueCondition(ValueNode value, ValueNode list, bool negate)
    {
        this.value = value;
        this.list = list;
        this.negate = negate;
        TimeDependent = value.TimeDependent || list.TimeDependent;
    }

    public override bool Test(ref Evaluation e)
    {
        var v = value.Evaluate(ref e);
        var l = list.Evaluate(ref e);
        if (v.IsNull || l.Kind != RuleValueKind.StringList)
        {
            return false;
        }

        bool found;
        if (v.Kind == RuleValueKind.StringList)
        {
            found = false;
            foreach (var element in v.RawStrings)
            {
                found |= Comparison.ListHas(l, RuleValue.FromString(element));
            }
        }
        else
        {
            found = Comparison.ListHas(l, v);
        }

        return found != negate;
    }

    public override long NextChange(ref Evaluation e) => Time.Earliest(value.NextChange(ref e), list.NextChange(ref e));
}

/// <summary><c>list contains element</c> or <c>text contains part</c>.</summary>
internal sealed class ContainsCondition : Condition
{
    private readonly ValueNode container;
    private readonly ValueNode part;

    public ContainsCondition(ValueNode container, ValueNode part)
    {
        this.container = container;
        this.part = part;
        TimeDependent = container.TimeDependent || part.TimeDependent;
    }

    public override bool Test(ref Evaluation e)
    {
        var c = container.Evaluate(ref e);
        var p = part.Evaluate(ref e);
        return c.Kind switch
        {
            RuleValueKind.StringList => Comparison.ListHas(c, p),
            RuleValueKind.String when p.Kind == RuleValueKind.String => Strings.Contains(c, p),
            _ => false,
        };
    }

    public override long NextChange(ref Evaluation e) => Time.Earliest(container.NextChange(ref e), part.NextChange(ref e));
}

internal sealed class BetweenCondition : Condition
{
    private readonly ValueNode value;
    private readonly ValueNode low;
    private readonly ValueNode high;

    public BetweenCondition(ValueNode value, ValueNode low, ValueNode high)
    {
        this.value = value;
        this.low = low;
        this.high = high;
        TimeDependent = value.TimeDependent || low.TimeDependent || high.TimeDependent;
    }

    public override bool Test(ref Evaluation e)
    {
        var v = value.Evaluate(ref e);
        if (v.IsNull || !Comparison.Compare(v, BinaryOperator.GreaterOrEqual, low.Evaluate(ref e)))
        {
            return false;
        }

        return Comparison.Compare(v, BinaryOperator.LessOrEqual, high.Evaluate(ref e));
    }

    public override long NextChange(ref Evaluation e) =>
        Time.Earliest(value.NextChange(ref e), Time.Earliest(low.NextChange(ref e), high.NextChange(ref e)));
}

/// <summary><c>starts_with(text, prefix)</c> or <c>ends_with(text, suffix)</c>; false unless both are strings.</summary>
internal sealed class AffixCondition : Condition
{
    private readonly ValueNode text;
    private readonly ValueNode affix;
    private readonly bool atEnd;

    public AffixCondition(ValueNode text, ValueNode affix, bool atEnd)
    {
        this.text = text;
        this.affix = affix;
        this.atEnd = atEnd;
        TimeDependent = text.TimeDependent || affix.TimeDependent;
    }

    public override bool Test(ref Evaluation e)
    {
        var t = text.Evaluate(ref e);
        var a = affix.Evaluate(ref e);
        if (t.Kind != RuleValueKind.String || a.Kind != RuleValueKind.String)
        {
            return false;
        }

        return atEnd ? Strings.EndsWith(t, a) : Strings.StartsWith(t, a);
    }

    public override long NextChange(ref Evaluation e) => Time.Earliest(text.NextChange(ref e), affix.NextChange(ref e));
}

/// <summary><c>in_segment("id")</c>: reads the referenced segment's result, computed earlier in dependency order.</summary>
internal sealed class InSegmentCondition : Condition
{
    private readonly int segment;

    public InSegmentCondition(int segment, bool timeDependent)
    {
        this.segment = segment;
        TimeDependent = timeDependent;
    }

    public override bool Test(ref Evaluation e)
    {
        e.ValidUntil = Time.Earliest(e.ValidUntil, e.Cache!.SegmentValidUntil[segment]);
        return e.Matches[segment];
    }

    public override long NextChange(ref Evaluation e) => e.SegmentNextChange[segment];
}

internal sealed class ConstantNode(RuleValue value) : ValueNode
{
    public RuleValue Value { get; } = value;

    public override RuleValue Evaluate(ref Evaluation e) => Value;
}

internal sealed class AttributeNode(int slot, string name) : ValueNode
{
    public override RuleValue Evaluate(ref Evaluation e) => e.Cache!.Attribute(slot, name, e.Facts!);
}

internal sealed class EventFieldNode(string name) : ValueNode
{
    public override RuleValue Evaluate(ref Evaluation e) => Filters.ReadField(name, e.EventValue, e.EventProperties);
}

internal sealed class ConditionValueNode : ValueNode
{
    private readonly Condition condition;

    public ConditionValueNode(Condition condition)
    {
        this.condition = condition;
        TimeDependent = condition.TimeDependent;
    }

    public override RuleValue Evaluate(ref Evaluation e) => RuleValue.FromBool(condition.Test(ref e));

    public override long NextChange(ref Evaluation e) => condition.NextChange(ref e);
}

internal sealed class NegateNode : ValueNode
{
    private readonly ValueNode operand;

    public NegateNode(ValueNode operand)
    {
        this.operand = operand;
        TimeDependent = operand.TimeDependent;
    }

    public override RuleValue Evaluate(ref Evaluation e)
    {
        var v = operand.Evaluate(ref e);
        return v.IsNumber ? RuleValue.NumberOrNull(-v.RawNumber) : RuleValue.Null;
    }

    public override long NextChange(ref Evaluation e) => operand.NextChange(ref e);
}

/// <summary><c>+ - * / %</c> on numbers; anything else, division by zero or overflow gives null.</summary>
internal sealed class ArithmeticNode : ValueNode
{
    private readonly BinaryOperator op;
    private readonly ValueNode left;
    private readonly ValueNode right;

    public ArithmeticNode(BinaryOperator op, ValueNode left, ValueNode right)
    {
        this.op = op;
        this.left = left;
        this.right = right;
        TimeDependent = left.TimeDependent || right.TimeDependent;
    }

    public override RuleValue Evaluate(ref Evaluation e)
    {
        var l = left.Evaluate(ref e);
        if (!l.IsNumber)
        {
            return RuleValue.Null;
        }

        var r = right.Evaluate(ref e);
        if (!r.IsNumber)
        {
            return RuleValue.Null;
        }

        var a = l.RawNumber;
        var b = r.RawNumber;
        return op switch
        {
            BinaryOperator.Add => RuleValue.NumberOrNull(a + b),
            BinaryOperator.Subtract => RuleValue.NumberOrNull(a - b),
            BinaryOperator.Multiply => RuleValue.NumberOrNull(a * b),
            BinaryOperator.Divide => b == 0 ? RuleValue.Null : RuleValue.NumberOrNull(a / b),
            _ => b == 0 ? RuleValue.Null : RuleValue.NumberOrNull(a % b),
        };
    }

    public override long NextChange(ref Evaluation e) => Time.Earliest(left.NextChange(ref e), right.NextChange(ref e));
}

internal sealed class LowerNode : ValueNode
{
    private readonly ValueNode operand;

    public LowerNode(ValueNode operand)
    {
        this.operand = operand;
        TimeDependent = operand.TimeDependent;
    }

    public override RuleValue Evaluate(ref Evaluation e)
    {
        var v = operand.Evaluate(ref e);
        return v.Kind == RuleValueKind.String ? RuleValue.FoldedString(v.RawString) : RuleValue.Null;
    }

    public override long NextChange(ref Evaluation e) => operand.NextChange(ref e);
}

/// <summary>Whole years from a date (or a string that is one) to now, in UTC; changes on each anniversary.</summary>
internal sealed class AgeInYearsNode : ValueNode
{
    private readonly ValueNode date;

    public AgeInYearsNode(ValueNode date)
    {
        this.date = date;
        TimeDependent = true;
    }

    public override RuleValue Evaluate(ref Evaluation e)
    {
        if (!TryBirth(ref e, out var birth))
        {
            return RuleValue.Null;
        }

        var years = Years(birth, new DateTime(e.NowTicks, DateTimeKind.Utc));
        e.ValidUntil = Time.Earliest(e.ValidUntil, NextBirthday(birth, years));
        return RuleValue.FromNumber(years);
    }

    public override long NextChange(ref Evaluation e)
    {
        var next = TryBirth(ref e, out var birth) ? NextBirthday(birth, Years(birth, new DateTime(e.NowTicks, DateTimeKind.Utc))) : long.MaxValue;
        return Time.Earliest(next, date.NextChange(ref e));
    }

    private static long NextBirthday(DateTime birth, int years) => Anniversary(birth, years + 1) is { } at ? at.Ticks : long.MaxValue;

    private bool TryBirth(ref Evaluation e, out DateTime birth)
    {
        var v = date.Evaluate(ref e);
        if (v.Kind == RuleValueKind.Date)
        {
            birth = v.AsDate.UtcDateTime;
            return true;
        }

        if (v.Kind == RuleValueKind.String && RuleValue.TryParseDate(v.RawString, out var parsed))
        {
            birth = parsed.UtcDateTime;
            return true;
        }

        birth = default;
        return false;
    }

    private static int Years(DateTime birth, DateTime now)
    {
        var years = now.Year - birth.Year;
        var anniversary = Anniversary(birth, years);
        return anniversary is { } at && now < at ? years - 1 : years;
    }

    /// <summary>The instant the person turns <paramref name="years"/>; 29 February counts from 1 March in other years.</summary>
    private static DateTime? Anniversary(DateTime birth, int years)
    {
        if (birth.Year + years > DateTime.MaxValue.Year - 1)
        {
            return null;
        }

        var year = birth.Year + years;
        var day = birth.Month == 2 && birth.Day == 29 && !DateTime.IsLeapYear(year)
            ? new DateTime(year, 3, 1, 0, 0, 0, DateTimeKind.Utc)
            : new DateTime(year, birth.Month, birth.Day, 0, 0, 0, DateTimeKind.Utc);
        return day + birth.TimeOfDay;
    }
}

internal sealed class DaysSinceFirstSeenNode : ValueNode, IStepValue
{
    public DaysSinceFirstSeenNode() => TimeDependent = true;

    public override RuleValue Evaluate(ref Evaluation e)
    {
        if (!TryStep(ref e, out var days, out var next, out _))
        {
            return RuleValue.Null;
        }

        e.ValidUntil = Time.Earliest(e.ValidUntil, next);
        return RuleValue.FromNumber(days);
    }

    public override long NextChange(ref Evaluation e) => TryStep(ref e, out _, out var next, out _) ? next : long.MaxValue;

    public bool TryStep(ref Evaluation e, out long value, out long nextStepTicks, out long unitTicks)
    {
        unitTicks = TimeSpan.TicksPerDay;
        if (e.Facts!.FirstSeen is not { } first)
        {
            value = 0;
            nextStepTicks = long.MaxValue;
            return false;
        }

        value = Time.UnitsSince(first.UtcTicks, e.NowTicks, unitTicks, out nextStepTicks);
        return true;
    }
}

/// <summary>A behavioural function's value, served from the customer's cache while nothing it depends on has changed.</summary>
internal class FeatureNode : ValueNode
{
    public FeatureNode(Feature feature)
    {
        Feature = feature;
        TimeDependent = feature.TimeDependent;
    }

    protected Feature Feature { get; }

    public override RuleValue Evaluate(ref Evaluation e)
    {
        var value = e.Cache!.Feature(Feature, ref e, out var validUntil);
        e.ValidUntil = Time.Earliest(e.ValidUntil, validUntil);
        return value;
    }

    public override long NextChange(ref Evaluation e)
    {
        e.Cache!.Feature(Feature, ref e, out var validUntil);
        return validUntil;
    }
}

/// <summary><c>days_since</c> or <c>minutes_since</c>: its cached value stays valid exactly until the next whole unit.</summary>
internal sealed class RecencyFeatureNode(Feature feature) : FeatureNode(feature), IStepValue
{
    public bool TryStep(ref Evaluation e, out long value, out long nextStepTicks, out long unitTicks)
    {
        var v = e.Cache!.Feature(Feature, ref e, out nextStepTicks);
        unitTicks = Feature.Function == BehaviourFunction.DaysSince ? TimeSpan.TicksPerDay : TimeSpan.TicksPerMinute;
        value = v.IsNumber ? (long)v.RawNumber : 0;
        return v.IsNumber;
    }
}
