using System.Collections.Immutable;
using System.Text.Json;
using Personalization.Customers;
using Personalization.Host.Http;
using Personalization.Host.Identity;
using Personalization.Host.Security;
using Personalization.Security;

namespace Personalization.Host.Events;

public sealed record RejectedEvent(int Index, string Error);
