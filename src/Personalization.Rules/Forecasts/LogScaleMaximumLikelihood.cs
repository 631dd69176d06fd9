using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace Personalization.Rules.Forecasts;

/// <summary>
/// Maximises a log-likelihood over positive parameters by minimising its negative over their logarithms with
/// MathNet's Nelder-Mead simplex (no gradients needed; the models have three or four parameters). Working on logarithms
/// keeps every trial point positive and evens out parameters of very different sizes. The search is restarted once
/// from the best point it evaluated with a fresh simplex, the usual guard against a simplex collapsed early on a ridge;
/// a round that has not converged after 5,000 iterations also ends at its best point.
/// </summary>
/// <remarks>
/// Parameters are searched between <see cref="Smallest"/> and <see cref="Largest"/>. Some samples have no maximum
/// inside: when nobody seems to have left, the likelihood keeps rising as the drop-out probability goes to zero. The
/// simplex then stops against that bound instead of running on, and the fit reports the parameters there, which
/// describe the sample as well as any (a drop-out probability of about one in a million).
/// </remarks>
internal static class LogScaleMaximumLikelihood
{
    private const double ConvergenceTolerance = 1e-10;
    private const int MaximumIterations = 5_000;

    public const double Smallest = 1e-6;

    public const double Largest = 1e6;

    private static readonly double LogSmallest = Math.Log(Smallest);

    private static readonly double LogLargest = Math.Log(Largest);

    /// <summary>The maximising parameters, the maximum and the simplex iterations used.</summary>
    public static (double[] Parameters, double LogLikelihood, int Iterations) Maximise(
        Func<double[], double> logLikelihood, double[] initial)
    {
        var bestValue = double.MaxValue;
        Vector<double>? bestPoint = null;
        double NegativeLogLikelihood(Vector<double> logParameters)
        {
            if (logParameters.Any(value => !(value >= LogSmallest && value <= LogLargest)))
            {
                return double.MaxValue;
            }

            var parameters = logParameters.Select(value => Math.Exp(value)).ToArray();
            var value = logLikelihood(parameters);
            // A point where the likelihood is not a finite number (overflow far from the optimum) is as bad as can be.
            var negative = double.IsFinite(value) ? -value : double.MaxValue;
            if (negative < bestValue)
            {
                bestValue = negative;
                bestPoint = logParameters.Clone();
            }

            return negative;
        }

        var objective = ObjectiveFunction.Value(NegativeLogLikelihood);
        var start = Vector<double>.Build.DenseOfEnumerable(initial.Select(value => Math.Log(value)));
        var iterations = 0;
        for (var round = 0; round < 2; round++)
        {
            try
            {
                var result = NelderMeadSimplex.Minimum(objective, start, ConvergenceTolerance, MaximumIterations);
                iterations += result.Iterations;
            }
            catch (MaximumIterationsException)
            {
                // A simplex that keeps crawling along a nearly flat ridge (or a bound) stops here; the best point it
                // evaluated is kept, and the next round starts afresh from it.
                iterations += MaximumIterations;
            }

            start = bestPoint ?? start;
        }

        var best = start.Select(value => Math.Exp(value)).ToArray();
        return (best, logLikelihood(best), iterations);
    }
}
