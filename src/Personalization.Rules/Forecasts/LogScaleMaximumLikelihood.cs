using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace Personalization.Rules.Forecasts;

/// <summary>
/// Maximises a log-likelihood over positive parameters by minimising its negative over their logarithms with
/// MathNet's Nelder-Mead simplex (no gradients needed; the models have three or four parameters). Working on logarithms
/// keeps every trial point positive and evens out parameters of very different sizes. The search is restarted once
/// from its own result with a fresh simplex, the usual guard against a simplex collapsed early on a ridge.
/// </summary>
internal static class LogScaleMaximumLikelihood
{
    private const double ConvergenceTolerance = 1e-12;
    private const int MaximumIterations = 20_000;

    /// <summary>The maximising parameters, the maximum and the simplex iterations used.</summary>
    public static (double[] Parameters, double LogLikelihood, int Iterations) Maximise(
        Func<double[], double> logLikelihood, double[] initial)
    {
        double NegativeLogLikelihood(Vector<double> logParameters)
        {
            var parameters = logParameters.Select(value => Math.Exp(value)).ToArray();
            var value = logLikelihood(parameters);
            // A point where the likelihood is not a finite number (overflow far from the optimum) is as bad as can be.
            return double.IsFinite(value) ? -value : double.MaxValue;
        }

        var objective = ObjectiveFunction.Value(NegativeLogLikelihood);
        var start = Vector<double>.Build.DenseOfEnumerable(initial.Select(value => Math.Log(value)));
        var iterations = 0;
        MinimizationResult? result = null;
        for (var round = 0; round < 2; round++)
        {
            result = NelderMeadSimplex.Minimum(objective, start, ConvergenceTolerance, MaximumIterations);
            iterations += result.Iterations;
            start = result.MinimizingPoint;
        }

        var best = result!.MinimizingPoint.Select(value => Math.Exp(value)).ToArray();
        return (best, logLikelihood(best), iterations);
    }
}
