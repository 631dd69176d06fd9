using System.Collections.Immutable;
using Personalization.Security;

namespace Personalization.Host.Security;

public sealed record AuditResponse(ImmutableArray<AuditEntry> Entries);
