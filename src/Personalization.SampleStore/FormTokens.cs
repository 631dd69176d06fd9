namespace Personalization.SampleStore;

/// <summary>The antiforgery field a form must post back.</summary>
public sealed record FormTokens(string FieldName, string Value);
