using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Personalization.Campaigns;

public enum CampaignWriteStatus { Created, Saved, TooManyCampaigns }
