namespace Personalization.Rules.Forecasts;

/// <summary>
/// The Gaussian hypergeometric function 2F1(a, b; c; z) for real arguments and 0 &lt;= z &lt; 1, which the BG/NBD
/// expectations need (MathNet.Numerics 5 offers a generalised hypergeometric series only for integer z).
/// </summary>
/// <remarks>
/// Summed as its power series, sum over n of (a)_n (b)_n / (c)_n z^n / n!, each term obtained from the previous one by
/// the ratio (a + n)(b + n) / ((c + n)(n + 1)) z. The series converges for |z| &lt; 1; its terms eventually shrink like
/// z^n n^(a + b - c - 1), so it needs about 40 / -ln z terms for double precision, a few hundred for z up to 0.9 and a
/// few thousand up to 0.99. The BG/NBD arguments are z = t / (alpha + T + t), below 0.99 unless the horizon t is a
/// hundred times longer than the customer's age plus alpha. Summation stops when a term no longer changes the sum at
/// double precision and the terms are shrinking, or after <see cref="MaximumTerms"/> terms, when the result is reported as not converged.
/// </remarks>
public static class GaussianHypergeometric
{
    /// <summary>The most terms summed before the series is declared not converged.</summary>
    public const int MaximumTerms = 100_000;

    /// <summary>2F1(a, b; c; z) for 0 &lt;= z &lt; 1 and c not zero or a negative integer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">z outside [0, 1) or c a non-positive integer.</exception>
    /// <exception cref="ArithmeticException">The series did not converge within <see cref="MaximumTerms"/> terms.</exception>
    public static double Evaluate(double a, double b, double c, double z)
    {
        if (!(z >= 0 && z < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(z), z, "The series is summed for 0 <= z < 1 only.");
        }

        if (c <= 0 && c == Math.Floor(c))
        {
            throw new ArgumentOutOfRangeException(nameof(c), c, "c must not be zero or a negative integer.");
        }

        var sum = 1.0;
        var term = 1.0;
        for (var n = 0; n < MaximumTerms; n++)
        {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            var next = sum + term;
            // A negligible term ends the sum only once the terms are shrinking for good (the ratio to the next term
            // below 1); with large a and b the first terms can be small and still grow.
            var nextRatio = Math.Abs((a + n + 1) * (b + n + 1) / ((c + n + 1) * (n + 2)) * z);
            if (term == 0 || (next == sum && nextRatio < 1))
            {
                return next;
            }

            sum = next;
        }

        throw new ArithmeticException($"2F1({a}, {b}; {c}; {z}) did not converge within {MaximumTerms} terms.");
    }
}
