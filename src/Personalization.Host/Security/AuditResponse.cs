using System.Collections.Immutable;
using System.Globalization;
using Personalization.Host.Http;
using Personalization.Security;

namespace Personalization.Host.Security;

public sealed record AuditResponse(ImmutableArray<AuditEntry> Entries);
