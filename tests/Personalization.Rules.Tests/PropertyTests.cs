using System.Collections.Immutable;
using CsCheck;
using Personalization.Rules.Facts;
using Personalization.Rules.Syntax;

namespace Personalization.Rules.Tests;

/// <summary>Random well-formed trees: printing then parsing gives the same tree, and any such rule compiles and evaluates without throwing.</summary>
public sealed class PropertyTests
{
    internal const int Depth = 4;

    private static readonly Gen<string> Name = Gen.OneOf(
        Gen.OneOf("age", "country", "x1", "_a", "value", "and", "NOT", "where", "session", "count", "days_since_first_seen", "a.b", "a..b", "first name", "tick`s", "é"),
        Gen.Char['a', 'z'].Array[1, 6].Select(c => new string(c)),
        Gen.Char.Array[1, 5].Select(c => new string(c).Replace('\n', '_')));

    private static readonly Gen<RuleValue> Scalar = Gen.OneOf(
        Gen.Const(RuleValue.Null),
        Gen.Bool.Select(RuleValue.FromBool),
        Gen.Int[-1000, 1000].Select(i => RuleValue.FromNumber(i)),
        Gen.Double[-1e6, 1e6].Select(RuleValue.FromNumber),
        Gen.OneOf(1e300, -1e-300, 0.1, -0.0, 123456789.125).Select(RuleValue.FromNumber),
        Gen.Char.Array[0, 8].Select(c => RuleValue.FromString(new string(c))),
        Gen.OneOf("2024-01-01", "CZ", "a\"b\\c\nd\te\u0001").Select(RuleValue.FromString));

    private static readonly Gen<RuleWindow> Window = Gen.OneOf(
        Gen.Const(RuleWindow.Lifetime),
        Gen.Const(RuleWindow.Session),
        Gen.Int[1, (int)SegmentCatalog.MaxWindow.TotalMinutes].Select(m => RuleWindow.Last(TimeSpan.FromMinutes(m))),
        Gen.Int[1, 3660].Select(d => RuleWindow.Last(TimeSpan.FromDays(d))));

    private static readonly (Gen<RuleExpression> Condition, Gen<RuleExpression> Value)[] EventScope = Levels(eventScope: true, filter: null);

    private static readonly Gen<RuleExpression?> Filter = Gen.OneOf(Gen.Const((RuleExpression?)null), EventScope[2].Condition.Select(c => (RuleExpression?)c));

    private static readonly Gen<RuleExpression> Behaviour = Gen.Enum<BehaviourFunction>().SelectMany(function =>
    {
        var recency = function is BehaviourFunction.DaysSince or BehaviourFunction.MinutesSince;
        var field = function is BehaviourFunction.Count || recency ? Gen.Const((string?)null) : Gen.OneOf(Gen.Const<string?>("value"), Name.Select(n => (string?)n));
        var window = recency ? Gen.Const(RuleWindow.Lifetime) : Window;
        return Gen.Select(Name, field, Filter, window, (type, f, filter, w) => (RuleExpression)new BehaviourExpression(function, type, f, filter, w));
    });

    internal static readonly (Gen<RuleExpression> Condition, Gen<RuleExpression> Value)[] CustomerScope = Levels(eventScope: false, filter: Behaviour);

    [Fact]
    public void Printing_then_parsing_gives_the_same_tree()
    {
        CustomerScope[Depth].Condition.Sample(
            rule =>
            {
                var text = RuleText.Print(rule);
                var parsed = RuleText.Parse(text);
                Assert.Equal(rule, parsed);
                Assert.Equal(text, RuleText.Print(parsed));
            },
            iter: 3000,
            print: rule => rule.ToString());
    }

    [Fact]
    public void Any_rule_compiles_and_evaluates_without_throwing()
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        CustomerScope[Depth].Condition.Sample(
            rule =>
            {
                var catalog = SegmentCatalog.Compile(1, [new SegmentRule("target", "x == 1"), new SegmentRule("fuzz", RuleText.Print(rule))]);
                var facts = new CustomerFacts();
                facts.MergeProfile([new("age", RuleValue.FromNumber(40))]);
                facts.MergeProfile([new("country", RuleValue.FromString("CZ"))]);
                facts.MergeProfile([new("a.b", RuleValue.FromDate(now.AddYears(-30)))]);
                facts.MergeProfile([new("x1", RuleValue.FromStrings(["CZ", "2024-01-01"]))]);
                for (var i = 0; i < 5; i++)
                {
                    foreach (var type in catalog.EventTypes.Take(3))
                    {
                        facts.Record(new BehaviourEvent(type, now.AddHours(-i * 7), i, i % 2 == 0 ? "s" : null,
                            new Dictionary<string, RuleValue> { ["value"] = RuleValue.FromNumber(i), ["country"] = RuleValue.FromString("CZ") }), catalog);
                    }
                }

                var matches = new bool[2];
                catalog.Evaluate(facts, now, matches);
                catalog.EvaluateAfterEvent(facts, now, "x", matches);
                var next = catalog.NextChangeAt(facts, now);
                Assert.True(next is null || next > now);
            },
            iter: 1000,
            print: rule => rule.ToString());
    }

    /// <summary>Generators for conditions and values, by nesting level; level 0 has leaves only.</summary>
    private static (Gen<RuleExpression> Condition, Gen<RuleExpression> Value)[] Levels(bool eventScope, Gen<RuleExpression>? filter)
    {
        var reference = eventScope ? Name.Select(n => (RuleExpression)new EventFieldExpression(n)) : Name.Select(n => (RuleExpression)new AttributeExpression(n));
        var literal = Scalar.Select(v => (RuleExpression)new LiteralExpression(v));
        var stringList = Gen.Char.Array[0, 4].Select(c => RuleValue.FromString(new string(c))).Array[0, 4]
            .Select(items => (RuleExpression)new ListExpression([.. items]));
        var anyList = Scalar.Array[0, 5].Select(items => (RuleExpression)new ListExpression([.. items]));

        var valueLeaves = new List<Gen<RuleExpression>> { reference, literal, stringList };
        var conditionLeaves = new List<Gen<RuleExpression>> { reference, Gen.Bool.Select(b => (RuleExpression)new LiteralExpression(RuleValue.FromBool(b))) };
        if (filter is not null)
        {
            valueLeaves.Add(filter);
            valueLeaves.Add(Gen.Const<RuleExpression>(new FunctionExpression("days_since_first_seen", [])));
            conditionLeaves.Add(Gen.Const<RuleExpression>(new FunctionExpression("in_segment", [new LiteralExpression(RuleValue.FromString("target"))])));
        }

        var levels = new (Gen<RuleExpression> Condition, Gen<RuleExpression> Value)[Depth + 1];
        levels[0] = (Gen.OneOf([.. conditionLeaves]), Gen.OneOf([.. valueLeaves]));
        for (var depth = 1; depth <= Depth; depth++)
        {
            var (condition, value) = levels[depth - 1];
            var membershipRight = Gen.OneOf(anyList, reference);
            var comparison = Gen.Select(Gen.Enum<BinaryOperator>(), value, value, membershipRight, (op, l, r, list) => (RuleExpression)(op switch
            {
                BinaryOperator.In or BinaryOperator.NotIn => new BinaryExpression(op, l, list),
                _ => new BinaryExpression(op, l, r),
            }));
            var conditions = new List<Gen<RuleExpression>>
            {
                condition,
                comparison.Where(c => ((BinaryExpression)c).Operator < BinaryOperator.Add),
                Gen.Select(Gen.Enum<LogicalOperator>(), condition.Array[2, 4], (op, operands) => (RuleExpression)new LogicalExpression(op, [.. operands])),
                condition.Select(c => (RuleExpression)new UnaryExpression(UnaryOperator.Not, c)),
                Gen.Select(value, value, value, (v, l, h) => (RuleExpression)new BetweenExpression(v, l, h)),
                Gen.Select(Gen.OneOf("starts_with", "ends_with"), value, value, (n, a, b) => (RuleExpression)new FunctionExpression(n, [a, b])),
            };
            var values = new List<Gen<RuleExpression>>
            {
                value,
                condition,
                comparison.Where(c => ((BinaryExpression)c).Operator >= BinaryOperator.Add),
                value.Select(v => (RuleExpression)new UnaryExpression(UnaryOperator.Negate, v)),
                value.Select(v => (RuleExpression)new FunctionExpression("lower", [v])),
            };
            if (!eventScope)
            {
                values.Add(value.Select(v => (RuleExpression)new FunctionExpression("age_in_years", [v])));
            }

            levels[depth] = (Gen.OneOf([.. conditions]), Gen.OneOf([.. values]));
        }

        return levels;
    }
}
