using System.Runtime.CompilerServices;

namespace Personalization.LoadTests.Runner;

/// <summary>A condition a scenario's final statistics must meet; any failed threshold fails the run.</summary>
public sealed class Threshold
{
    private readonly Func<ScenarioStats, bool> _predicate;

    private Threshold(Func<ScenarioStats, bool> predicate, string description)
    {
        _predicate = predicate;
        Description = description;
    }

    public string Description { get; }

    /// <summary>
    /// The description defaults to the predicate's source text, so a report says
    /// "stats => stats.Fail.Percent &lt; 1" rather than an anonymous "threshold 1".
    /// Statistics of an empty scenario are NaN, which makes comparisons false: a scenario that made no calls fails its thresholds.
    /// </summary>
    public static Threshold Create(Func<ScenarioStats, bool> predicate, [CallerArgumentExpression(nameof(predicate))] string? description = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return new Threshold(predicate, string.IsNullOrWhiteSpace(description) ? "threshold" : description.Trim());
    }

    internal ThresholdResult Evaluate(ScenarioStats stats)
    {
        try
        {
            return new ThresholdResult(Description, _predicate(stats), null);
        }
        catch (Exception ex)
        {
            return new ThresholdResult(Description, false, $"{ex.GetType().Name}: {ex.Message}");
        }
    }
}

/// <summary>The outcome of one threshold; <see cref="Error"/> is set when the predicate itself threw.</summary>
public sealed record ThresholdResult(string Description, bool Passed, string? Error);
