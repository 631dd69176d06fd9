using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Personalization.Campaigns;
using Personalization.Host.Http;
using Personalization.Segments;
using Personalization.Host.Security;
using Personalization.Security;

namespace Personalization.Host.Campaigns;

public sealed record CampaignListResponse(long CatalogVersion, ImmutableArray<JsonObject> Campaigns);
