using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Personalization.Host.Campaigns;

public sealed record CampaignListResponse(long CatalogVersion, ImmutableArray<JsonObject> Campaigns);
