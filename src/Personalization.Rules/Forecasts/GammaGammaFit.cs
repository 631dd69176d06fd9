namespace Personalization.Rules.Forecasts;

/// <summary>A maximum-likelihood fit of <see cref="GammaGamma"/>: the parameters and what they were fitted on.</summary>
/// <param name="Model">The fitted parameters.</param>
/// <param name="LogLikelihood">The log-likelihood of the sample at the fitted parameters.</param>
/// <param name="SampleSize">Customers with repeat purchases and a known mean value in the sample (the others carry no information on spend).</param>
/// <param name="Iterations">Simplex iterations the optimiser used.</param>
public sealed record GammaGammaFit(GammaGamma Model, double LogLikelihood, int SampleSize, int Iterations);
