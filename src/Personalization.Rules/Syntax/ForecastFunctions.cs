using System.Collections.Immutable;

namespace Personalization.Rules.Syntax;

/// <summary>
/// The purchase forecast functions of the rule language: <c>predicted_purchases(90d)</c> and
/// <c>predicted_clv(365d)</c> take a horizon written as a window, <c>p_alive()</c> nothing. In the syntax tree they
/// are <see cref="FunctionExpression"/>s whose one argument, if any, is the horizon in days as a number literal.
/// </summary>
public static class ForecastFunctions
{
    public const string PredictedPurchases = "predicted_purchases";

    public const string ProbabilityAlive = "p_alive";

    public const string PredictedClv = "predicted_clv";

    /// <summary>The three names, in the order the documentation lists them.</summary>
    public static readonly ImmutableArray<string> Names = [PredictedPurchases, ProbabilityAlive, PredictedClv];

    public static bool IsForecast(string name) => name is PredictedPurchases or ProbabilityAlive or PredictedClv;

    /// <summary>Whether the function takes a horizon.</summary>
    public static bool TakesHorizon(string name) => name is PredictedPurchases or PredictedClv;

    /// <summary>The call with its horizon (ignored for <see cref="ProbabilityAlive"/>).</summary>
    public static FunctionExpression Call(string name, TimeSpan horizon) => TakesHorizon(name)
        ? new FunctionExpression(name, [new LiteralExpression(RuleValue.FromNumber(horizon.Ticks / (double)TimeSpan.TicksPerDay))])
        : new FunctionExpression(name, []);

    /// <summary>The horizon of a call built by <see cref="Call"/>.</summary>
    public static TimeSpan Horizon(FunctionExpression call) =>
        call.Arguments is [LiteralExpression { Value.Kind: RuleValueKind.Number } days]
            ? TimeSpan.FromTicks((long)Math.Round(days.Value.AsNumber * TimeSpan.TicksPerDay))
            : TimeSpan.Zero;

    /// <summary>The horizon as the rule text writes it: <c>90d</c>, <c>36h</c>, <c>90m</c>.</summary>
    public static string FormatHorizon(FunctionExpression call) => RulePrinter.FormatWindow(RuleWindow.Last(Horizon(call)));
}
