using System.Collections.Immutable;

namespace Personalization.Host.Security;

public sealed record ApiKeyListResponse(ImmutableArray<ApiKeyResponse> Keys);
