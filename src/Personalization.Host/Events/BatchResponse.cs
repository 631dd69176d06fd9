using System.Collections.Immutable;
using System.Text.Json;
using Personalization.Customers;
using Personalization.Host.Http;
using Personalization.Host.Identity;
using Personalization.Host.Security;
using Personalization.Security;

namespace Personalization.Host.Events;

/// <summary><see cref="Accepted"/> counts events stored now or before; <see cref="Duplicates"/> how many of those were redeliveries.</summary>
public sealed record BatchResponse(int Accepted, int Duplicates, IReadOnlyList<RejectedEvent> Rejected);
