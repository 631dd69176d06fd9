using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Personalization.Campaigns;

namespace Personalization.Host.Campaigns;

public sealed record OutcomeResponse(string OfferId, string Outcome, bool Recorded);
