namespace Personalization.SampleStore;

/// <summary>A fixed catalog: the store exists to show personalization, not to manage products.</summary>
public static class Products
{
    public static IReadOnlyList<Product> All { get; } =
    [
        new("RUN-42", "Trail running shoes", "shoes", 79.90, "Grippy soles for wet forest paths."),
        new("RUN-07", "Road racing flats", "shoes", 129.00, "Light enough for race day."),
        new("BIKE-1", "Carbon road bike", "bikes", 1899.00, "For the long Sunday rides."),
        new("HAT-3", "Merino running cap", "accessories", 24.50, "Warm ears in November."),
    ];

    public static Product? Find(string sku) => All.FirstOrDefault(p => string.Equals(p.Sku, sku, StringComparison.OrdinalIgnoreCase));
}
