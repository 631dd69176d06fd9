namespace Personalization.Forecasts;

/// <summary>
/// The purchase models fitted over a sample of customers, in days: the BG/NBD parameters (r, alpha, a, b) and, when
/// some sampled customer had repeat purchases with values, the Gamma-Gamma parameters (p, q, v). See docs/forecasts.md.
/// </summary>
/// <param name="Version">Increases with every fit; silos compare it to know when to recompile their catalog.</param>
/// <param name="R">BG/NBD: shape of the purchase rates' gamma distribution.</param>
/// <param name="Alpha">BG/NBD: rate of the purchase rates' gamma distribution, per day.</param>
/// <param name="A">BG/NBD: first parameter of the drop-out probabilities' beta distribution.</param>
/// <param name="B">BG/NBD: second parameter of the drop-out probabilities' beta distribution.</param>
/// <param name="LogLikelihood">BG/NBD log-likelihood of the sample at the fitted parameters.</param>
/// <param name="SampleSize">Customers with purchases in the sample the BG/NBD model was fitted on.</param>
/// <param name="SpendP">Gamma-Gamma p; null when no sampled customer had repeat purchases with values.</param>
/// <param name="SpendQ">Gamma-Gamma q.</param>
/// <param name="SpendV">Gamma-Gamma v.</param>
/// <param name="SpendLogLikelihood">Gamma-Gamma log-likelihood at the fitted parameters.</param>
/// <param name="SpendSampleSize">Customers with repeat purchases and values the Gamma-Gamma model was fitted on.</param>
/// <param name="FitSeconds">How long sampling and fitting took.</param>
/// <param name="FittedAt">When the fit finished.</param>
[GenerateSerializer, Immutable]
public sealed record PurchaseModelSnapshot(
    [property: Id(0)] long Version,
    [property: Id(1)] double R,
    [property: Id(2)] double Alpha,
    [property: Id(3)] double A,
    [property: Id(4)] double B,
    [property: Id(5)] double LogLikelihood,
    [property: Id(6)] int SampleSize,
    [property: Id(7)] double? SpendP,
    [property: Id(8)] double? SpendQ,
    [property: Id(9)] double? SpendV,
    [property: Id(10)] double? SpendLogLikelihood,
    [property: Id(11)] int SpendSampleSize,
    [property: Id(12)] double FitSeconds,
    [property: Id(13)] DateTimeOffset FittedAt);
