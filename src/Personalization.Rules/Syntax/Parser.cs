using System.Collections.Immutable;

namespace Personalization.Rules.Syntax;

/// <summary>
/// Recursive descent with two guards against deep input: every recursion into a parenthesis, <c>not</c>, unary minus
/// or function argument checks the depth before recursing, and every node's height is checked as it is built, so a
/// 10,000-deep rule fails with a <see cref="RuleSyntaxException"/> long before the stack is at risk, and every later
/// walk of the tree (printing, compiling, equality) recurses at most <see cref="SegmentCatalog.MaxNestingDepth"/> deep.
/// </summary>
internal sealed class Parser
{
    public static readonly string[] BehaviourFunctions = ["count", "sum", "avg", "min", "max", "distinct", "last", "days_since", "minutes_since"];

    public static readonly string[] OtherFunctions = ["starts_with", "ends_with", "lower", "age_in_years", "in_segment", "days_since_first_seen", "percentile"];

    private static readonly string FunctionList = string.Join(", ", BehaviourFunctions.Concat(OtherFunctions).Concat(ForecastFunctions.Names));

    private readonly List<Token> tokens;
    private readonly List<SegmentReference> references = [];
    private int position;
    private bool inFilter;

    private Parser(List<Token> tokens) => this.tokens = tokens;

    private Token Current => tokens[position];

    private Token Peek => tokens[Math.Min(position + 1, tokens.Count - 1)];

    public static ParsedRule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > SegmentCatalog.MaxRuleLength)
        {
            var (line, column) = LineAndColumn(text, SegmentCatalog.MaxRuleLength);
            throw new RuleSyntaxException(line, column, $"a rule of at most {SegmentCatalog.MaxRuleLength} characters", $"{text.Length} characters");
        }

        var parser = new Parser(Lexer.Tokenize(text));
        if (parser.Current.Kind == TokenKind.End)
        {
            throw Error(parser.Current, "a rule");
        }

        var rule = parser.ParseCondition(0);
        if (parser.Current.Kind != TokenKind.End)
        {
            throw Error(parser.Current, "'and', 'or' or the end of the rule");
        }

        return new ParsedRule(rule, parser.references);
    }

    private static (int Line, int Column) LineAndColumn(string text, int index)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, index - lineStart + 1);
    }

    private static RuleSyntaxException Error(Token token, string expected) => new(token.Line, token.Column, expected, token.Display);

    private static RuleSyntaxException TooDeep(Token token) =>
        Error(token, $"a rule nested at most {SegmentCatalog.MaxNestingDepth} levels deep");

    private static void CheckDepth(int depth, Token token)
    {
        if (depth > SegmentCatalog.MaxNestingDepth)
        {
            throw TooDeep(token);
        }
    }

    private Token Advance() => tokens[position++];

    private Token Expect(TokenKind kind, string expected) => Current.Kind == kind ? Advance() : throw Error(Current, expected);

    private RuleExpression ParseCondition(int depth)
    {
        var start = Current;
        var parsed = ParseOr(depth);
        RequireCondition(parsed.Expression, start);
        return parsed.Expression;
    }

    private static void RequireCondition(RuleExpression expression, Token start)
    {
        var kind = StaticType.Of(expression);
        if (kind is not (StaticKind.Bool or StaticKind.Unknown))
        {
            throw new RuleSyntaxException(start.Line, start.Column, "a condition (compare values with ==, <, in, ...)", $"{start.Display}, which is {StaticType.Describe(kind)}");
        }
    }

    private Parsed ParseOr(int depth) => ParseLogical(depth, TokenKind.Or, LogicalOperator.Or);

    private Parsed ParseLogical(int depth, TokenKind separator, LogicalOperator op)
    {
        var start = Current;
        var first = op == LogicalOperator.Or ? ParseLogical(depth, TokenKind.And, LogicalOperator.And) : ParseNot(depth);
        if (Current.Kind != separator)
        {
            return first;
        }

        RequireCondition(first.Expression, start);
        var operands = ImmutableArray.CreateBuilder<RuleExpression>();
        operands.Add(first.Expression);
        var height = first.Height;
        while (Current.Kind == separator)
        {
            Advance();
            start = Current;
            var next = op == LogicalOperator.Or ? ParseLogical(depth, TokenKind.And, LogicalOperator.And) : ParseNot(depth);
            RequireCondition(next.Expression, start);
            operands.Add(next.Expression);
            height = Math.Max(height, next.Height);
        }

        return Build(new LogicalExpression(op, operands.ToImmutable()), height + 1, start);
    }

    private Parsed ParseNot(int depth)
    {
        if (Current.Kind != TokenKind.Not)
        {
            return ParseComparison(depth);
        }

        var token = Advance();
        CheckDepth(depth + 1, token);
        var start = Current;
        var operand = ParseNot(depth + 1);
        RequireCondition(operand.Expression, start);
        return Build(new UnaryExpression(UnaryOperator.Not, operand.Expression), operand.Height + 1, token);
    }

    private Parsed ParseComparison(int depth)
    {
        var left = ParseAdditive(depth);
        var token = Current;
        BinaryOperator op;
        switch (token.Kind)
        {
            case TokenKind.Equal:
                op = BinaryOperator.Equal;
                break;
            case TokenKind.NotEqual:
                op = BinaryOperator.NotEqual;
                break;
            case TokenKind.Less:
                op = BinaryOperator.Less;
                break;
            case TokenKind.LessOrEqual:
                op = BinaryOperator.LessOrEqual;
                break;
            case TokenKind.Greater:
                op = BinaryOperator.Greater;
                break;
            case TokenKind.GreaterOrEqual:
                op = BinaryOperator.GreaterOrEqual;
                break;
            case TokenKind.Contains:
                op = BinaryOperator.Contains;
                break;
            case TokenKind.In:
                Advance();
                return ParseMembership(BinaryOperator.In, left, depth, token);
            case TokenKind.Not when Peek.Kind == TokenKind.In:
                Advance();
                Advance();
                return ParseMembership(BinaryOperator.NotIn, left, depth, token);
            case TokenKind.Between:
                Advance();
                var low = ParseAdditive(depth);
                Expect(TokenKind.And, "'and' between the two ends of 'between'");
                var high = ParseAdditive(depth);
                return Build(new BetweenExpression(left.Expression, low.Expression, high.Expression), Math.Max(left.Height, Math.Max(low.Height, high.Height)) + 1, token);
            default:
                return left;
        }

        Advance();
        var right = ParseAdditive(depth);
        return Build(new BinaryExpression(op, left.Expression, right.Expression), Math.Max(left.Height, right.Height) + 1, token);
    }

    private Parsed ParseMembership(BinaryOperator op, Parsed left, int depth, Token token)
    {
        var start = Current;
        var right = Current.Kind == TokenKind.LeftBracket ? ParseList() : ParseAdditive(depth);
        if (StaticType.Of(right.Expression) is not (StaticKind.List or StaticKind.Unknown))
        {
            throw new RuleSyntaxException(start.Line, start.Column, "a list such as [\"a\", \"b\"] or a list attribute", start.Display);
        }

        return Build(new BinaryExpression(op, left.Expression, right.Expression), Math.Max(left.Height, right.Height) + 1, token);
    }

    private Parsed ParseAdditive(int depth)
    {
        var left = ParseMultiplicative(depth);
        while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var token = Advance();
            var right = ParseMultiplicative(depth);
            var op = token.Kind == TokenKind.Plus ? BinaryOperator.Add : BinaryOperator.Subtract;
            left = Build(new BinaryExpression(op, left.Expression, right.Expression), Math.Max(left.Height, right.Height) + 1, token);
        }

        return left;
    }

    private Parsed ParseMultiplicative(int depth)
    {
        var left = ParseUnary(depth);
        while (Current.Kind is TokenKind.Star or TokenKind.Slash or TokenKind.Percent)
        {
            var token = Advance();
            var right = ParseUnary(depth);
            var op = token.Kind switch
            {
                TokenKind.Star => BinaryOperator.Multiply,
                TokenKind.Slash => BinaryOperator.Divide,
                _ => BinaryOperator.Modulo,
            };
            left = Build(new BinaryExpression(op, left.Expression, right.Expression), Math.Max(left.Height, right.Height) + 1, token);
        }

        return left;
    }

    private Parsed ParseUnary(int depth)
    {
        if (Current.Kind != TokenKind.Minus)
        {
            return ParsePrimary(depth);
        }

        var token = Advance();

        // A minus written against a number is part of the literal, so printing a negative literal reads back the same.
        if (Current.Kind == TokenKind.Number)
        {
            return new Parsed(new LiteralExpression(RuleValue.FromNumber(-Advance().Number)), 1);
        }

        CheckDepth(depth + 1, token);
        var operand = ParseUnary(depth + 1);
        return Build(new UnaryExpression(UnaryOperator.Negate, operand.Expression), operand.Height + 1, token);
    }

    private Parsed ParsePrimary(int depth)
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                Advance();
                return new Parsed(new LiteralExpression(RuleValue.FromNumber(token.Number)), 1);
            case TokenKind.String:
                Advance();
                return new Parsed(new LiteralExpression(RuleValue.FromString(token.Text!)), 1);
            case TokenKind.True or TokenKind.False:
                Advance();
                return new Parsed(new LiteralExpression(RuleValue.FromBool(token.Kind == TokenKind.True)), 1);
            case TokenKind.Null:
                Advance();
                return new Parsed(new LiteralExpression(RuleValue.Null), 1);
            case TokenKind.LeftBracket:
                var list = ParseList();
                if (((ListExpression)list.Expression).Items.Any(item => item.Kind != RuleValueKind.String))
                {
                    throw Error(token, "a list of strings (a list of other literals may only follow 'in' or 'not in')");
                }

                return list;
            case TokenKind.LeftParen:
                Advance();
                CheckDepth(depth + 1, token);
                var inner = ParseOr(depth + 1);
                Expect(TokenKind.RightParen, "')'");
                return inner;
            case TokenKind.Identifier when Peek.Kind == TokenKind.LeftParen:
                return ParseCall(depth);
            case TokenKind.Identifier when token.Text == "days_since_first_seen" && !inFilter:
                Advance();
                return new Parsed(new FunctionExpression("days_since_first_seen", []), 1);
            case TokenKind.Identifier or TokenKind.QuotedIdentifier:
                var name = ParseName();
                return new Parsed(inFilter ? new EventFieldExpression(name) : new AttributeExpression(name), 1);
            case TokenKind.Duration:
                throw Error(token, "a value (a window such as 30d belongs after a comma inside a behavioural function)");
            default:
                throw Error(token, "a value: a name, a literal, a list, a function call or '('");
        }
    }

    private string ParseName()
    {
        var name = Advance().Text!;
        while (Current.Kind == TokenKind.Dot && Peek.Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier)
        {
            Advance();
            name += "." + Advance().Text;
        }

        return name;
    }

    private Parsed ParseList()
    {
        Expect(TokenKind.LeftBracket, "'['");
        var items = ImmutableArray.CreateBuilder<RuleValue>();
        if (Current.Kind == TokenKind.RightBracket)
        {
            Advance();
            return new Parsed(new ListExpression(items.ToImmutable()), 1);
        }

        while (true)
        {
            var token = Current;
            if (items.Count == SegmentCatalog.MaxListItems)
            {
                throw Error(token, $"at most {SegmentCatalog.MaxListItems} items in a list");
            }

            items.Add(ParseListItem());
            if (Current.Kind == TokenKind.RightBracket)
            {
                Advance();
                return new Parsed(new ListExpression(items.ToImmutable()), 1);
            }

            Expect(TokenKind.Comma, "',' or ']'");
        }
    }

    private RuleValue ParseListItem()
    {
        var token = Advance();
        switch (token.Kind)
        {
            case TokenKind.String:
                return RuleValue.FromString(token.Text!);
            case TokenKind.Number:
                return RuleValue.FromNumber(token.Number);
            case TokenKind.Minus when Current.Kind == TokenKind.Number:
                return RuleValue.FromNumber(-Advance().Number);
            case TokenKind.True or TokenKind.False:
                return RuleValue.FromBool(token.Kind == TokenKind.True);
            case TokenKind.Null:
                return RuleValue.Null;
            default:
                throw Error(token, "a literal in the list (a string, number, true, false or null)");
        }
    }

    private Parsed ParseCall(int depth)
    {
        var nameToken = Advance();
        var name = nameToken.Text!;
        Advance();
        CheckDepth(depth + 1, nameToken);
        var behaviour = Array.IndexOf(BehaviourFunctions, name);
        if (behaviour >= 0)
        {
            if (inFilter)
            {
                throw Error(nameToken, "a function allowed inside 'where' (starts_with, ends_with, lower)");
            }

            return ParseBehaviour((BehaviourFunction)behaviour, name, depth + 1);
        }

        switch (name)
        {
            case "starts_with" or "ends_with":
                return ParseArguments(name, 2, depth + 1);
            case "lower":
                return ParseArguments(name, 1, depth + 1);
            case "age_in_years" or "in_segment" or "days_since_first_seen" or "percentile" when inFilter:
                throw Error(nameToken, "a function allowed inside 'where' (starts_with, ends_with, lower)");
            case "age_in_years":
                return ParseArguments(name, 1, depth + 1);
            case "days_since_first_seen":
                Expect(TokenKind.RightParen, "')' (days_since_first_seen takes no arguments)");
                return new Parsed(new FunctionExpression(name, []), 1);
            case ForecastFunctions.PredictedPurchases or ForecastFunctions.ProbabilityAlive or ForecastFunctions.PredictedClv:
                return ParseForecast(nameToken);
            case "percentile":
                return ParsePercentile(depth + 1);
            case "in_segment":
                var id = Expect(TokenKind.String, "a segment id in double quotes");
                Expect(TokenKind.RightParen, "')' (in_segment takes one segment id)");
                references.Add(new SegmentReference(id.Text!, id.Line, id.Column));
                return new Parsed(new FunctionExpression(name, [new LiteralExpression(RuleValue.FromString(id.Text!))]), 2);
            default:
                throw Error(nameToken, $"a known function ({FunctionList})");
        }
    }

    /// <summary><c>predicted_purchases(90d)</c>, <c>predicted_clv(365d)</c>: a horizon written as a window; <c>p_alive()</c>: nothing.</summary>
    private Parsed ParseForecast(Token nameToken)
    {
        var name = nameToken.Text!;
        if (inFilter)
        {
            throw Error(nameToken, "a function allowed inside 'where' (starts_with, ends_with, lower)");
        }

        if (!ForecastFunctions.TakesHorizon(name))
        {
            Expect(TokenKind.RightParen, $"')' ({name} takes no arguments)");
            return new Parsed(ForecastFunctions.Call(name, TimeSpan.Zero), 1);
        }

        var horizon = Expect(TokenKind.Duration, $"a horizon: a whole number followed by m, h or d (e.g. {name}(90d))");
        Expect(TokenKind.RightParen, $"')' ({name} takes one horizon)");
        return new Parsed(ForecastFunctions.Call(name, horizon.Duration), 2);
    }

    private Parsed ParseArguments(string name, int count, int depth)
    {
        var arguments = ImmutableArray.CreateBuilder<RuleExpression>(count);
        var height = 0;
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                Expect(TokenKind.Comma, $"',' ({name} takes {count} arguments)");
            }

            var argument = ParseOr(depth);
            arguments.Add(argument.Expression);
            height = Math.Max(height, argument.Height);
        }

        var close = Expect(TokenKind.RightParen, count == 1 ? $"')' ({name} takes 1 argument)" : $"')' ({name} takes {count} arguments)");
        return Build(new FunctionExpression(name, arguments.MoveToImmutable()), height + 1, close);
    }

    /// <summary>
    /// <c>percentile(x)</c>: the customer's rank for a numeric expression among the population's, which every customer
    /// must be able to compute on its own, so no segment reference, no other percentile and nothing that is never a number.
    /// </summary>
    private Parsed ParsePercentile(int depth)
    {
        var start = Current;
        var parsed = ParseArguments("percentile", 1, depth);
        var argument = ((FunctionExpression)parsed.Expression).Arguments[0];
        var kind = StaticType.Of(argument);
        if (kind is not (StaticKind.Number or StaticKind.Unknown))
        {
            throw new RuleSyntaxException(start.Line, start.Column, "a numeric expression (percentile ranks numbers, e.g. percentile(sum(purchase.value, 365d)))", $"{start.Display}, which is {StaticType.Describe(kind)}");
        }

        if (Reads(argument, "percentile") || Reads(argument, "in_segment"))
        {
            throw new RuleSyntaxException(start.Line, start.Column, "a numeric expression without percentile or in_segment inside percentile", start.Display);
        }

        return parsed;
    }

    private static bool Reads(RuleExpression expression, string function) => expression switch
    {
        FunctionExpression call => call.Name == function || call.Arguments.Any(argument => Reads(argument, function)),
        UnaryExpression unary => Reads(unary.Operand, function),
        BinaryExpression binary => Reads(binary.Left, function) || Reads(binary.Right, function),
        LogicalExpression logical => logical.Operands.Any(operand => Reads(operand, function)),
        BetweenExpression between => Reads(between.Value, function) || Reads(between.Low, function) || Reads(between.High, function),
        _ => false,
    };

    private Parsed ParseBehaviour(BehaviourFunction function, string name, int depth)
    {
        var typeToken = Current;
        if (typeToken.Kind is not (TokenKind.Identifier or TokenKind.QuotedIdentifier))
        {
            throw Error(typeToken, "an event type, e.g. purchase or `checkout.step`");
        }

        Advance();
        var eventType = typeToken.Text!;
        string? field = null;
        var takesField = function is not (BehaviourFunction.Count or BehaviourFunction.DaysSince or BehaviourFunction.MinutesSince);
        if (Current.Kind == TokenKind.Dot)
        {
            if (!takesField)
            {
                throw Error(Current, $"',', 'where' or ')' ({name} reads events, not a field)");
            }

            Advance();
            var fieldToken = Current;
            field = fieldToken.Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier
                ? Advance().Text
                : throw Error(fieldToken, "a field name: value or an event property");
        }
        else if (takesField)
        {
            throw Error(Current, $"'.' and a field ({name} reads a field, e.g. {eventType}.value)");
        }

        RuleExpression? filter = null;
        var height = 1;
        if (Current.IsWord("where"))
        {
            Advance();
            var start = Current;
            inFilter = true;
            var parsed = ParseOr(depth);
            inFilter = false;
            RequireCondition(parsed.Expression, start);
            filter = parsed.Expression;
            height = parsed.Height + 1;
        }

        var window = RuleWindow.Lifetime;
        if (Current.Kind == TokenKind.Comma)
        {
            if (function is BehaviourFunction.DaysSince or BehaviourFunction.MinutesSince)
            {
                throw Error(Current, $"')' ({name} takes no window: it measures from the latest event)");
            }

            Advance();
            var windowToken = Advance();
            window = windowToken.Kind switch
            {
                TokenKind.Duration => RuleWindow.Last(windowToken.Duration),
                TokenKind.Identifier when windowToken.Text == "session" => RuleWindow.Session,
                _ => throw Error(windowToken, "a window: a whole number followed by m, h or d (e.g. 30d), or session"),
            };
        }

        var close = Expect(TokenKind.RightParen, filter is null && window.Kind == RuleWindowKind.Lifetime ? "',', 'where' or ')'" : "')'");
        return Build(new BehaviourExpression(function, eventType, field, filter, window), height, close);
    }

    private static Parsed Build(RuleExpression expression, int height, Token token) =>
        height > SegmentCatalog.MaxNestingDepth ? throw TooDeep(token) : new Parsed(expression, height);

    private readonly record struct Parsed(RuleExpression Expression, int Height);
}
