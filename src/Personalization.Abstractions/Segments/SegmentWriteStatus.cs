namespace Personalization.Segments;

public enum SegmentWriteStatus { Created, Saved, NotFound, InvalidRule, Conflict }
