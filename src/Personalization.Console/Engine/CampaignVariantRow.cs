namespace Personalization.Console.Engine;

/// <summary>One variant row of the campaign editor, as typed.</summary>
public sealed class CampaignVariantRow
{
    public string Id { get; set; } = "";

    public string Weight { get; set; } = "1";

    public bool Control { get; set; }

    /// <summary>The variant's own offer as JSON text; empty for the campaign's offer (or none, for the control).</summary>
    public string Offer { get; set; } = "";
}
