using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Personalization.Customers;
using Personalization.Host.Http;
using Personalization.Membership;
using Personalization.Rules;
using Personalization.Segments;
using Personalization.Host.Security;
using Personalization.Security;

namespace Personalization.Host.Segments;

public sealed record SegmentVersionsResponse(string SegmentId, ImmutableArray<SegmentDefinition> Versions);
