using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Personalization.Host.Campaigns;

public sealed record CampaignVersionsResponse(string CampaignId, ImmutableArray<JsonObject> Versions);
