namespace Personalization.Campaigns;

public enum OfferOutcome { Shown, Clicked, Dismissed }
