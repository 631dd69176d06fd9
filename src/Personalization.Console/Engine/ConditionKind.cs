namespace Personalization.Console.Engine;

/// <summary>What a visual-builder condition compares: a profile attribute, a behaviour function, or segment membership.</summary>
public enum ConditionKind { Profile, Behaviour, InSegment }
