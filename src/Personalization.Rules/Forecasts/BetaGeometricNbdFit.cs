namespace Personalization.Rules.Forecasts;

/// <summary>A maximum-likelihood fit of <see cref="BetaGeometricNbd"/>: the parameters and what they were fitted on.</summary>
/// <param name="Model">The fitted parameters.</param>
/// <param name="LogLikelihood">The log-likelihood of the sample at the fitted parameters.</param>
/// <param name="SampleSize">Customers in the sample.</param>
/// <param name="Iterations">Simplex iterations the optimiser used.</param>
public sealed record BetaGeometricNbdFit(BetaGeometricNbd Model, double LogLikelihood, int SampleSize, int Iterations);
