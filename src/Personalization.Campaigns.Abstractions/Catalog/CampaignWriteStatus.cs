namespace Personalization.Campaigns;

public enum CampaignWriteStatus { Created, Saved, TooManyCampaigns }
