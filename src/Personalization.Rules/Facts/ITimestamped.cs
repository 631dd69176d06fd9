using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Personalization.Rules.Engine;

namespace Personalization.Rules.Facts;

/// <summary>Something kept in time order: a retained event or an activity mark.</summary>
internal interface ITimestamped
{
    long UtcTicks { get; }
}
