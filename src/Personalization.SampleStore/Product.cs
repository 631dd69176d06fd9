namespace Personalization.SampleStore;

public sealed record Product(string Sku, string Name, string Category, double Price, string Description);
