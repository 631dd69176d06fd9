namespace Personalization.Campaigns.Delivery;

public enum OutcomeResult { Recorded, AlreadyRecorded, UnknownOffer }
