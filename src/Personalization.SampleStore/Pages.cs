using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Personalization.Client;

namespace Personalization.SampleStore;

/// <summary>The store's HTML, built from strings; every value that came from outside is HTML-encoded.</summary>
public static class Pages
{
    private const string FormEventIdPrefix = "form-";

    // Inline, so the pages look the same however the store is started (a published folder, dotnet run, a test).
    private const string Style = """
        body { font-family: system-ui, sans-serif; margin: 0; display: flex; flex-wrap: wrap; gap: 2rem; padding: 1.5rem; color: #222; }
        main { flex: 2 1 24rem; }
        aside.personalization { flex: 1 1 14rem; background: #f4f7fb; border-radius: 8px; padding: 1rem; }
        .price { font-weight: bold; }
        .notice { background: #e7f6e7; padding: 0.5rem; border-radius: 4px; }
        .offer { background: #fff4d6; padding: 0.5rem; border-radius: 4px; }
        form { display: inline-block; margin-right: 0.5rem; }
        button { font-size: 1rem; padding: 0.4rem 1rem; }
        """;

    /// <summary>What the store says to a visitor in each example segment; segments without a message are only listed.</summary>
    private static readonly Dictionary<string, string> SegmentMessages = new(StringComparer.Ordinal)
    {
        ["new-visitor"] = "Welcome! Your first order ships free.",
        ["cart-abandoner"] = "Still thinking it over? Your cart is waiting for you.",
        ["high-value"] = "Thank you for being one of our best customers: 10% off everything today.",
        ["mobile-shopper"] = "Shopping on the go? Our app remembers your cart.",
    };

    public static string Home(IReadOnlyList<Product> products, Personalized personalized)
    {
        var body = new StringBuilder("<h1>Personalization sample store</h1><ul class=\"products\">");
        foreach (var product in products)
        {
            body.Append(CultureInfo.InvariantCulture,
                $"<li><a href=\"/products/{Url(product.Sku)}\">{Encode(product.Name)}</a> <span class=\"price\">{Price(product.Price)}</span></li>");
        }

        body.Append("</ul>");
        return Layout("Sample store", body.ToString(), personalized);
    }

    public static string Product(Product product, Personalized personalized, FormTokens tokens, string? done)
    {
        var notice = done switch
        {
            "add_to_cart" => "<p class=\"notice\">Added to your cart.</p>",
            "purchase" => "<p class=\"notice\">Thank you for your order.</p>",
            "unrecorded" => "<p class=\"notice\">Done, but we could not personalize this visit just now.</p>",
            _ => "",
        };
        var body = $"""
            <p><a href="/">All products</a></p>
            <h1>{Encode(product.Name)}</h1>
            {notice}
            <p>{Encode(product.Description)}</p>
            <p class="price">{Price(product.Price)}</p>
            {Form(product, "cart", "Add to cart", tokens)}
            {Form(product, "buy", "Buy now", tokens)}
            """;
        return Layout(product.Name, body, personalized);
    }

    public static string NotFound(string sku) =>
        Layout("Not found", $"<h1>No product {Encode(sku)}</h1><p><a href=\"/\">All products</a></p>", personalized: null);

    public static string BadRequest(string message) =>
        Layout("Bad request", $"<h1>Something went wrong</h1><p>{Encode(message)}</p><p><a href=\"/\">All products</a></p>", personalized: null);

    /// <summary>Only ids this store rendered are accepted as event ids, so a posted form cannot inject an arbitrary one.</summary>
    public static bool IsFormEventId(string eventId) =>
        eventId.StartsWith(FormEventIdPrefix, StringComparison.Ordinal) && Guid.TryParseExact(eventId.AsSpan(FormEventIdPrefix.Length), "N", out _);

    private static string Form(Product product, string action, string label, FormTokens tokens) => $"""
        <form method="post" action="/products/{Url(product.Sku)}/{action}">
          <input type="hidden" name="{Encode(tokens.FieldName)}" value="{Encode(tokens.Value)}">
          <input type="hidden" name="eventId" value="{FormEventIdPrefix}{Guid.NewGuid():N}">
          <button type="submit">{Encode(label)}</button>
        </form>
        """;

    private static string Layout(string title, string body, Personalized? personalized) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>{Encode(title)}</title>
          <style>{Style}</style>
        </head>
        <body>
          <main>{body}</main>
          {Panel(personalized)}
        </body>
        </html>
        """;

    private static string Panel(Personalized? personalized)
    {
        if (personalized is null)
        {
            return "";
        }

        if (!personalized.Available)
        {
            return "<aside class=\"personalization\"><p>Personalization is unavailable right now.</p></aside>";
        }

        var panel = new StringBuilder("<aside class=\"personalization\"><h2>Just for you</h2>");
        foreach (var offer in personalized.Offers)
        {
            panel.Append($"<p class=\"offer campaign\" data-offer=\"{Encode(offer.OfferId)}\">{Encode(OfferText(offer))}</p>");
        }

        foreach (var segment in personalized.Segments)
        {
            if (SegmentMessages.TryGetValue(segment, out var message))
            {
                panel.Append($"<p class=\"offer\">{Encode(message)}</p>");
            }
        }

        panel.Append("<h2>Your segments</h2><ul class=\"segments\">");
        foreach (var segment in personalized.Segments)
        {
            panel.Append($"<li class=\"segment\">{Encode(segment)}</li>");
        }

        panel.Append(personalized.Segments.Count == 0 ? "<li>none yet</li></ul></aside>" : "</ul></aside>");
        return panel.ToString();
    }

    /// <summary>An offer's title and code when its content is an object that has them, else the content as it is.</summary>
    private static string OfferText(PendingOffer offer)
    {
        try
        {
            using var content = JsonDocument.Parse(offer.Content);
            var root = content.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String)
            {
                return root.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
                    ? $"{title.GetString()} (code {code.GetString()})"
                    : title.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Content is the campaign owner's JSON text; anything unexpected is shown as written.
        }

        return offer.Content;
    }

    private static string Encode(string text) => HtmlEncoder.Default.Encode(text);

    private static string Url(string segment) => Uri.EscapeDataString(segment);

    private static string Price(double price) => price.ToString("0.00", CultureInfo.InvariantCulture);
}
