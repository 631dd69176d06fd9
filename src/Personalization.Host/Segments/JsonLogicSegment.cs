using System.Text.Json.Nodes;

namespace Personalization.Host.Segments;

/// <summary>A segment as JsonLogic: the same definition with its rule converted from the stored text.</summary>
public sealed record JsonLogicSegment(string Id, string Name, string? Description, JsonNode? Rule, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool Deleted);
