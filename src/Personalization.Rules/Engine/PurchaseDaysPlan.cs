namespace Personalization.Rules.Engine;

/// <summary>Some rule reads a purchase forecast: the customer keeps the distinct days of these events with their values.</summary>
internal sealed record PurchaseDaysPlan(string EventType, string ValueField);
