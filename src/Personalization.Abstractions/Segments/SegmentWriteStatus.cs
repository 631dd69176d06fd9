using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Personalization.Segments;

public enum SegmentWriteStatus { Created, Saved, NotFound, InvalidRule, Conflict }
