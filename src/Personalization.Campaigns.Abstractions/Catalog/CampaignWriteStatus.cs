namespace Personalization.Campaigns.Catalog;

public enum CampaignWriteStatus { Created, Saved, TooManyCampaigns }
