using Personalization.Rules.Forecasts;
using Personalization.Rules.Population;
using Personalization.Rules.Syntax;

namespace Personalization.Rules.Engine;

/// <summary>
/// Turns parsed rules into trees of <see cref="Condition"/> and <see cref="ValueNode"/> objects, resolving names to slots
/// once: profile attributes, event types and behavioural functions each get an index shared by the whole catalog, so
/// identical functions in different rules are computed once per evaluation.
/// </summary>
internal sealed class RuleCompiler(
    Func<string, (int Index, RuleDependencies Dependencies)?>? resolveSegment,
    PurchaseForecastModel? forecasts = null)
{
    private readonly PurchaseForecastModel forecastModel = forecasts ?? PurchaseForecastModel.Unfitted;
    private PurchaseDaysPlan? purchaseDays;
    private readonly Dictionary<string, int> attributeSlots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> typeSlots = new(StringComparer.Ordinal);
    private readonly List<string> typeNames = [];
    private readonly Dictionary<string, Feature> featuresByKey = new(StringComparer.Ordinal);
    private readonly List<Feature> features = [];
    private readonly Dictionary<string, (HashSet<string> Properties, Dictionary<string, DerivedSpec> Derived)> typePlans = new(StringComparer.Ordinal);
    private TimeSpan longestWindow;
    private RuleDependencies dependencies = new();
    private string? filterEventType;
    private readonly Dictionary<string, int> populationSlots = new(StringComparer.Ordinal);
    private readonly List<ValueNode> populationArguments = [];
    private readonly HashSet<PopulationThreshold> populationThresholds = [];
    private readonly HashSet<int> populationAnyChange = [];
    private bool percentileComparedWithConstant;

    public int AttributeCount => attributeSlots.Count;

    public string[] EventTypes => [.. typeNames];

    public Feature[] Features => [.. features];

    /// <summary>The canonical text of each distinct <c>percentile</c> argument of the catalog, by slot.</summary>
    public string[] PopulationExpressions => [.. populationSlots.OrderBy(pair => pair.Value).Select(pair => pair.Key)];

    public ValueNode[] PopulationArguments => [.. populationArguments];

    /// <summary>The comparisons of percentiles with constants, whose answers change only where a cut point moves.</summary>
    public PopulationThreshold[] PopulationThresholds => [.. populationThresholds];

    /// <summary>Slots of percentiles read otherwise (arithmetic, compared with a variable or for equality): any change of their distribution matters.</summary>
    public int[] PopulationReadWhole => [.. populationAnyChange.Order()];

    public (Condition Root, RuleDependencies Dependencies) Compile(RuleExpression rule)
    {
        dependencies = new RuleDependencies();
        var root = CompileCondition(rule);
        return (root, dependencies);
    }

    public RecordingPlan BuildPlan() => new(
        longestWindow > SegmentCatalog.DefaultRetention ? longestWindow : SegmentCatalog.DefaultRetention,
        typePlans.ToDictionary(
            pair => pair.Key,
            pair => new TypePlan(true, [.. pair.Value.Properties.Order(StringComparer.Ordinal)], [.. pair.Value.Derived.Values]),
            StringComparer.Ordinal),
        purchaseDays);

    private Condition CompileCondition(RuleExpression expression)
    {
        switch (expression)
        {
            case LogicalExpression logical:
                var operands = logical.Operands.Select(CompileCondition).ToArray();
                return logical.Operator == LogicalOperator.And ? new AndCondition(operands) : new OrCondition(operands);
            case UnaryExpression { Operator: UnaryOperator.Not } not:
                return new NotCondition(CompileCondition(not.Operand));
            case BinaryExpression binary when binary.Operator < BinaryOperator.Add:
                return CompileComparison(binary);
            case BetweenExpression between when IsPercentile(between.Value) && between.Low is LiteralExpression { Value.Kind: RuleValueKind.Number } low
                && between.High is LiteralExpression { Value.Kind: RuleValueKind.Number } high:
                var ranked = CompilePercentileComparedWithConstant(between.Value);
                populationThresholds.Add(new PopulationThreshold(ranked.Slot, low.Value.AsNumber, Strict: false));
                populationThresholds.Add(new PopulationThreshold(ranked.Slot, high.Value.AsNumber, Strict: true));
                return new BetweenCondition(ranked, CompileValue(between.Low), CompileValue(between.High));
            case BetweenExpression between:
                return new BetweenCondition(CompileValue(between.Value), CompileValue(between.Low), CompileValue(between.High));
            case FunctionExpression { Name: "starts_with" or "ends_with" } affix:
                return new AffixCondition(CompileValue(affix.Arguments[0]), CompileValue(affix.Arguments[1]), affix.Name == "ends_with");
            case FunctionExpression { Name: "in_segment" } reference:
                return CompileSegmentReference(((LiteralExpression)reference.Arguments[0]).Value.AsString);
            case LiteralExpression { Value.Kind: RuleValueKind.Bool } literal:
                return new ConstantCondition(literal.Value.AsBool);
            default:
                return new TruthCondition(CompileValue(expression));
        }
    }

    private Condition CompileSegmentReference(string segmentId)
    {
        if (resolveSegment?.Invoke(segmentId) is not { } target)
        {
            // Validating a rule alone: references are checked when the catalog is compiled.
            return new ConstantCondition(false);
        }

        dependencies.Include(target.Dependencies);
        return new InSegmentCondition(target.Index, target.Dependencies.Time);
    }

    private Condition CompileComparison(BinaryExpression binary)
    {
        switch (binary.Operator)
        {
            case BinaryOperator.In or BinaryOperator.NotIn:
                var negate = binary.Operator == BinaryOperator.NotIn;
                return binary.Right is ListExpression list
                    ? new InListCondition(CompileValue(binary.Left), list.Items, negate)
                    : new InValueCondition(CompileValue(binary.Left), CompileValue(binary.Right), negate);
            case BinaryOperator.Contains:
                return new ContainsCondition(CompileValue(binary.Left), CompileValue(binary.Right));
        }

        var op = binary.Operator;
        if (binary.Right is LiteralExpression { Value.IsNull: true } || binary.Left is LiteralExpression { Value.IsNull: true })
        {
            var other = binary.Right is LiteralExpression { Value.IsNull: true } ? binary.Left : binary.Right;
            return op switch
            {
                BinaryOperator.Equal => new NullTestCondition(CompileValue(other), wantNull: true),
                BinaryOperator.NotEqual => new NullTestCondition(CompileValue(other), wantNull: false),
                _ => new ConstantCondition(false),
            };
        }

        var (variable, constant) = (binary.Left, binary.Right) switch
        {
            (_, LiteralExpression right) => (binary.Left, right.Value),
            (LiteralExpression left, _) => (binary.Right, left.Value),
            _ => (null, RuleValue.Null),
        };
        if (variable is null)
        {
            return new CompareCondition(CompileValue(binary.Left), op, CompileValue(binary.Right));
        }

        if (ReferenceEquals(variable, binary.Right))
        {
            op = Comparison.Mirror(op);
        }

        if (IsPercentile(variable) && constant.Kind == RuleValueKind.Number && op is not (BinaryOperator.Equal or BinaryOperator.NotEqual))
        {
            var ranked = CompilePercentileComparedWithConstant(variable);
            var strict = op is BinaryOperator.Greater or BinaryOperator.LessOrEqual;
            populationThresholds.Add(new PopulationThreshold(ranked.Slot, constant.AsNumber, strict));
            return new CompareConstantCondition(ranked, op, constant);
        }

        var node = CompileValue(variable);
        return node is IStepValue && constant.Kind == RuleValueKind.Number
            ? new StepThresholdCondition(node, op, constant.AsNumber)
            : new CompareConstantCondition(node, op, constant);
    }

    private ValueNode CompileValue(RuleExpression expression)
    {
        switch (expression)
        {
            case LiteralExpression literal:
                return new ConstantNode(literal.Value);
            case ListExpression list:
                return new ConstantNode(RuleValue.FromStrings(list.Items.Select(i => i.AsString)));
            case AttributeExpression attribute:
                if (!attributeSlots.TryGetValue(attribute.Name, out var slot))
                {
                    attributeSlots.Add(attribute.Name, slot = attributeSlots.Count);
                }

                return new AttributeNode(slot, attribute.Name);
            case EventFieldExpression field:
                if (field.Name != "value")
                {
                    typePlans[filterEventType!].Properties.Add(field.Name);
                }

                return new EventFieldNode(field.Name);
            case UnaryExpression { Operator: UnaryOperator.Negate } negate:
                return new NegateNode(CompileValue(negate.Operand));
            case BinaryExpression binary when binary.Operator >= BinaryOperator.Add:
                return new ArithmeticNode(binary.Operator, CompileValue(binary.Left), CompileValue(binary.Right));
            case FunctionExpression { Name: "lower" } lower:
                return new LowerNode(CompileValue(lower.Arguments[0]));
            case FunctionExpression { Name: "age_in_years" } age:
                dependencies.Time = true;
                return new AgeInYearsNode(CompileValue(age.Arguments[0]));
            case FunctionExpression { Name: "days_since_first_seen" }:
                dependencies.Time = true;
                dependencies.AnyEvent = true;
                return new DaysSinceFirstSeenNode();
            case FunctionExpression forecast when ForecastFunctions.IsForecast(forecast.Name):
                return CompileForecast(forecast);
            case FunctionExpression { Name: "percentile" } percentile:
                return CompilePercentile(percentile.Arguments[0]);
            case BehaviourExpression { Function: BehaviourFunction.DaysSince or BehaviourFunction.MinutesSince } recency:
                return new RecencyFeatureNode(CompileFeature(recency));
            case BehaviourExpression behaviour:
                return new FeatureNode(CompileFeature(behaviour));
            default:
                return new ConditionValueNode(CompileCondition(expression));
        }
    }

    private static bool IsPercentile(RuleExpression expression) => expression is FunctionExpression { Name: "percentile" };

    private PercentileNode CompilePercentileComparedWithConstant(RuleExpression percentile)
    {
        percentileComparedWithConstant = true;
        return (PercentileNode)CompileValue(percentile);
    }

    /// <summary>
    /// One slot per distinct argument text, shared by every rule of the catalog; the argument is also compiled into the
    /// rule, so the customer's own events re-evaluate it as they would the argument alone.
    /// </summary>
    private PercentileNode CompilePercentile(RuleExpression argument)
    {
        var comparedWithConstant = percentileComparedWithConstant;
        percentileComparedWithConstant = false;
        var node = CompileValue(argument);
        var key = RulePrinter.Print(argument);
        if (!populationSlots.TryGetValue(key, out var slot))
        {
            populationSlots.Add(key, slot = populationArguments.Count);
            populationArguments.Add(node);
        }

        if (!comparedWithConstant)
        {
            populationAnyChange.Add(slot);
        }

        dependencies.Population = true;
        return new PercentileNode(slot, node);
    }

    private Feature CompileFeature(BehaviourExpression behaviour)
    {
        if (!typeSlots.TryGetValue(behaviour.EventType, out var typeSlot))
        {
            typeSlots.Add(behaviour.EventType, typeSlot = typeNames.Count);
            typeNames.Add(behaviour.EventType);
            typePlans.Add(behaviour.EventType, ([], new Dictionary<string, DerivedSpec>(StringComparer.Ordinal)));
        }

        var key = RulePrinter.Print(behaviour);
        if (!featuresByKey.TryGetValue(key, out var feature))
        {
            var plan = typePlans[behaviour.EventType];
            if (behaviour.Field is { } field && field != "value")
            {
                plan.Properties.Add(field);
            }

            Condition? filter = null;
            if (behaviour.Filter is not null)
            {
                filterEventType = behaviour.EventType;
                filter = CompileCondition(behaviour.Filter);
                filterEventType = null;
            }

            var derivedKey = DerivedKey(behaviour);
            if (derivedKey is not null)
            {
                plan.Derived.TryAdd(derivedKey, new DerivedSpec(derivedKey, behaviour.Field, filter, behaviour.Function == BehaviourFunction.Distinct));
            }

            if (behaviour.Window.Kind == RuleWindowKind.Duration && behaviour.Window.Length > longestWindow)
            {
                longestWindow = behaviour.Window.Length;
            }

            feature = new Feature(features.Count, typeSlot, behaviour, filter, derivedKey);
            features.Add(feature);
            featuresByKey.Add(key, feature);
        }

        dependencies.EventTypes.Add(typeSlot);
        dependencies.Time |= feature.TimeDependent;
        dependencies.AnyEvent |= feature.DependsOnAllEvents;
        return feature;
    }

    /// <summary>
    /// A forecast reads the purchase event type (so a purchase re-evaluates it), changes with the date, and makes
    /// customers keep their distinct purchase days (the value field retained too, so days started from retained
    /// events have their values).
    /// </summary>
    private ForecastNode CompileForecast(FunctionExpression forecast)
    {
        var eventType = forecastModel.EventType;
        if (!typeSlots.TryGetValue(eventType, out var typeSlot))
        {
            typeSlots.Add(eventType, typeSlot = typeNames.Count);
            typeNames.Add(eventType);
            typePlans.Add(eventType, ([], new Dictionary<string, DerivedSpec>(StringComparer.Ordinal)));
        }

        if (forecastModel.ValueField != "value")
        {
            typePlans[eventType].Properties.Add(forecastModel.ValueField);
        }

        purchaseDays ??= new PurchaseDaysPlan(eventType, forecastModel.ValueField);
        var node = new ForecastNode(forecast.Name, ForecastFunctions.Horizon(forecast).TotalDays, forecastModel, purchaseDays);
        dependencies.EventTypes.Add(typeSlot);
        dependencies.Time |= node.TimeDependent;
        return node;
    }

    /// <summary>
    /// Lifetime functions over a property, a filter or distinct values need derived counters kept as events arrive; the rest
    /// read the type's own counters or scan the retained events of their window.
    /// </summary>
    private static string? DerivedKey(BehaviourExpression behaviour)
    {
        var needsDerivedCounters = behaviour.Window.Kind == RuleWindowKind.Lifetime
            && (behaviour.Filter is not null || behaviour.Field is not (null or "value") || behaviour.Function == BehaviourFunction.Distinct);
        if (!needsDerivedCounters)
        {
            return null;
        }

        var prefix = behaviour.Function == BehaviourFunction.Distinct ? "distinct " : "";
        return $"{prefix}{behaviour.Field}|{(behaviour.Filter is null ? "" : RulePrinter.Print(behaviour.Filter))}";
    }
}
