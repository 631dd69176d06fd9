using System.Collections.Immutable;
using System.Text.Json;
using Personalization.Host.Http;
using Personalization.Rules;
using Personalization.Segments;
using Personalization.Host.Security;
using Personalization.Security;

namespace Personalization.Host.Segments;

public sealed record SegmentListResponse(long CatalogVersion, ImmutableArray<SegmentDefinition> Segments);
