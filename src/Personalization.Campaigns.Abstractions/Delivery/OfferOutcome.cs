namespace Personalization.Campaigns.Delivery;

public enum OfferOutcome { Shown, Clicked, Dismissed }
