using System.Collections.Immutable;
using System.Text.Json;
using Personalization.Host.Http;
using Personalization.Security;

namespace Personalization.Host.Security;

public sealed record ApiKeyListResponse(ImmutableArray<ApiKeyResponse> Keys);
