using MathNet.Numerics;

namespace Personalization.Rules.Forecasts;

/// <summary>
/// The Gamma-Gamma spend model (Fader, Hardie and Lee, "RFM and CLV: Using Iso-Value Curves for Customer Base
/// Analysis", 2005, and Fader and Hardie's note "The Gamma-Gamma Model of Monetary Value", 2013): the value of each
/// of a customer's purchases is gamma-distributed with shape <see cref="P"/> and a rate nu that is itself
/// gamma-distributed across customers (shape <see cref="Q"/>, rate <see cref="V"/>), independent of how often the
/// customer buys. A customer's mean purchase value is then pulled from the population mean towards their own observed
/// mean, the more the more purchases they made.
/// </summary>
public sealed record GammaGamma(double P, double Q, double V)
{
    /// <summary>Whether all parameters are positive and finite.</summary>
    public bool IsValid => IsPositive(P) && IsPositive(Q) && IsPositive(V);

    /// <summary>
    /// The mean purchase value of a customer with no repeat purchases, p·v / (q − 1); infinite when q ≤ 1 (the
    /// population mean does not exist).
    /// </summary>
    public double PopulationMeanValue => Q > 1 ? P * V / (Q - 1) : double.PositiveInfinity;

    /// <summary>
    /// The log-likelihood of a customer's mean value <paramref name="meanValue"/> over <paramref name="purchases"/>
    /// purchases (x &gt; 0, m &gt; 0):
    /// ln Γ(px + q) − ln Γ(px) − ln Γ(q) + q ln v + (px − 1) ln m + px ln x − (px + q) ln(x·m + v).
    /// </summary>
    public double LogLikelihood(int purchases, double meanValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(purchases);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(meanValue);
        var px = P * purchases;
        return SpecialFunctions.GammaLn(px + Q) - SpecialFunctions.GammaLn(px) - SpecialFunctions.GammaLn(Q)
            + Q * Math.Log(V) + (px - 1) * Math.Log(meanValue) + px * Math.Log(purchases)
            - (px + Q) * Math.Log(purchases * meanValue + V);
    }

    /// <summary>
    /// The expected value of the customer's next purchase given <paramref name="purchases"/> repeat purchases of mean
    /// value <paramref name="meanValue"/>: p·(v + x·m) / (p·x + q − 1), the population mean when x is 0.
    /// </summary>
    public double ExpectedPurchaseValue(int purchases, double? meanValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(purchases);
        if (purchases == 0 || meanValue is not { } mean)
        {
            return PopulationMeanValue;
        }

        return P * (V + purchases * mean) / (P * purchases + Q - 1);
    }

    private static bool IsPositive(double value) => value > 0 && double.IsFinite(value);
}
