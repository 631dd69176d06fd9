using MathNet.Numerics;

namespace Personalization.Rules.Forecasts;

/// <summary>
/// The BG/NBD model of Fader, Hardie and Lee ("Counting Your Customers the Easy Way", Marketing Science 24(2), 2005):
/// while active, a customer buys as a Poisson process of rate lambda, with lambda gamma-distributed across customers
/// (shape <see cref="R"/>, rate <see cref="Alpha"/>); after each purchase the customer drops out for good with
/// probability p, with p beta-distributed across customers (<see cref="A"/>, <see cref="B"/>). Times are in the unit
/// the parameters were fitted in.
/// </summary>
public sealed record BetaGeometricNbd(double R, double Alpha, double A, double B)
{
    /// <summary>Whether all four parameters are positive and finite.</summary>
    public bool IsValid => IsPositive(R) && IsPositive(Alpha) && IsPositive(A) && IsPositive(B);

    /// <summary>
    /// The log-likelihood of one customer's (x, t_x, T), the paper's equation (6):
    /// L = B(a, b + x) / B(a, b) · Γ(r + x) α^r / (Γ(r) (α + T)^(r + x))
    ///   + [x &gt; 0] B(a + 1, b + x − 1) / B(a, b) · Γ(r + x) α^r / (Γ(r) (α + t_x)^(r + x)).
    /// </summary>
    public double LogLikelihood(PurchaseSummary summary)
    {
        var x = summary.Frequency;
        var common = SpecialFunctions.GammaLn(R + x) - SpecialFunctions.GammaLn(R) + R * Math.Log(Alpha)
            + SpecialFunctions.GammaLn(A + B) + SpecialFunctions.GammaLn(B + x)
            - SpecialFunctions.GammaLn(B) - SpecialFunctions.GammaLn(A + B + x);
        var stillActive = -(R + x) * Math.Log(Alpha + summary.Age);
        if (x == 0)
        {
            return common + stillActive;
        }

        var droppedAfterLast = Math.Log(A) - Math.Log(B + x - 1) - (R + x) * Math.Log(Alpha + summary.Recency);
        return common + LogSumExp(stillActive, droppedAfterLast);
    }

    /// <summary>
    /// The probability that the customer is still active at the end of observation, the paper's equation (13):
    /// 1 / (1 + [x &gt; 0] a / (b + x − 1) · ((α + T) / (α + t_x))^(r + x)).
    /// </summary>
    public double ProbabilityAlive(PurchaseSummary summary)
    {
        var x = summary.Frequency;
        if (x == 0)
        {
            return 1;
        }

        var logOdds = Math.Log(A) - Math.Log(B + x - 1)
            + (R + x) * (Math.Log(Alpha + summary.Age) - Math.Log(Alpha + summary.Recency));
        return 1 / (1 + Math.Exp(logOdds));
    }

    /// <summary>
    /// The expected number of purchases in the next <paramref name="horizon"/> time units given the customer's
    /// history, the paper's equation (10):
    /// (a + b + x − 1) / (a − 1) · [1 − ((α + T) / (α + T + t))^(r + x) · 2F1(r + x, b + x; a + b + x − 1; t / (α + T + t))]
    /// / (1 + [x &gt; 0] a / (b + x − 1) · ((α + T) / (α + t_x))^(r + x)).
    /// The closed form needs a ≠ 1; within 1e-9 of 1, a is moved to 1 ± 1e-9, which changes the result by less than
    /// the fit's own precision.
    /// </summary>
    public double ExpectedPurchases(double horizon, PurchaseSummary summary)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(horizon);
        if (horizon == 0)
        {
            return 0;
        }

        var a = AwayFromOne(A);
        var x = summary.Frequency;
        var ageTerm = Alpha + summary.Age;
        var z = horizon / (ageTerm + horizon);
        var hypergeometric = GaussianHypergeometric.Evaluate(R + x, B + x, a + B + x - 1, z);
        var discount = Math.Exp((R + x) * (Math.Log(ageTerm) - Math.Log(ageTerm + horizon)));
        var whileActive = (a + B + x - 1) / (a - 1) * (1 - discount * hypergeometric);
        return whileActive * ProbabilityAlive(summary);
    }

    /// <summary>
    /// The expected number of repeat purchases of a customer in the first <paramref name="horizon"/> time units after
    /// the first purchase, the paper's equation (9):
    /// (a + b − 1) / (a − 1) · [1 − (α / (α + t))^r · 2F1(r, b; a + b − 1; t / (α + t))].
    /// </summary>
    public double ExpectedRepeatPurchasesOfNewCustomer(double horizon)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(horizon);
        var a = AwayFromOne(A);
        var z = horizon / (Alpha + horizon);
        var discount = Math.Exp(R * (Math.Log(Alpha) - Math.Log(Alpha + horizon)));
        return (a + B - 1) / (a - 1) * (1 - discount * GaussianHypergeometric.Evaluate(R, B, a + B - 1, z));
    }

    private static double AwayFromOne(double a) =>
        Math.Abs(a - 1) >= 1e-9 ? a : a >= 1 ? 1 + 1e-9 : 1 - 1e-9;

    private static bool IsPositive(double value) => value > 0 && double.IsFinite(value);

    private static double LogSumExp(double first, double second)
    {
        var larger = Math.Max(first, second);
        return larger + Math.Log(Math.Exp(first - larger) + Math.Exp(second - larger));
    }
}
