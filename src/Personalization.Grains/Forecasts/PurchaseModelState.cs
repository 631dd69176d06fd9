namespace Personalization.Forecasts;

public sealed class PurchaseModelState
{
    /// <summary>The latest fit; null before the first.</summary>
    public PurchaseModelSnapshot? Current { get; set; }
}
