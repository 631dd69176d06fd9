namespace Personalization.Campaigns;

public enum OutcomeResult { Recorded, AlreadyRecorded, UnknownOffer }
