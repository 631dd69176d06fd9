using Microsoft.AspNetCore.Antiforgery;
using Personalization.Client;

namespace Personalization.SampleStore;

/// <summary>
/// The store's pages. Every page view is an event sent through the client SDK, and its answer (the visitor's segments
/// after the view) is what the page shows, so one call per page both records and personalizes; the visitor's pending
/// offers are read alongside it.
/// </summary>
public static class Storefront
{
    public static WebApplication MapStorefront(this WebApplication app)
    {
        app.MapGet("/", HomeAsync);
        app.MapGet("/products/{sku}", ProductAsync);
        app.MapPost("/products/{sku}/cart", (string sku, HttpContext context, IPersonalization personalization, IAntiforgery antiforgery, ILoggerFactory loggers) =>
            OrderAsync(sku, "add_to_cart", context, personalization, antiforgery, loggers));
        app.MapPost("/products/{sku}/buy", (string sku, HttpContext context, IPersonalization personalization, IAntiforgery antiforgery, ILoggerFactory loggers) =>
            OrderAsync(sku, "purchase", context, personalization, antiforgery, loggers));
        return app;
    }

    private static async Task<IResult> HomeAsync(HttpContext context, IPersonalization personalization, ILoggerFactory loggers)
    {
        var visitor = Visitor.Of(context);
        var personalized = await PersonalizeAsync(personalization, visitor, PageView(visitor, "home"), loggers, context.RequestAborted);
        return Html(Pages.Home(Products.All, personalized));
    }

    private static async Task<IResult> ProductAsync(string sku, string? done, HttpContext context, IPersonalization personalization, IAntiforgery antiforgery, ILoggerFactory loggers)
    {
        if (Products.Find(sku) is not { } product)
        {
            return Html(Pages.NotFound(sku), StatusCodes.Status404NotFound);
        }

        var visitor = Visitor.Of(context);
        var view = PageView(visitor, "product") with
        {
            Properties = new Dictionary<string, object?>
            {
                ["page"] = "product",
                ["sku"] = product.Sku,
                ["category"] = product.Category,
                ["device"] = Device(visitor),
            },
        };
        var personalized = await PersonalizeAsync(personalization, visitor, view, loggers, context.RequestAborted);
        var tokens = antiforgery.GetAndStoreTokens(context);
        return Html(Pages.Product(product, personalized, new FormTokens(tokens.FormFieldName, tokens.RequestToken!), done));
    }

    private static async Task<IResult> OrderAsync(string sku, string eventType, HttpContext context, IPersonalization personalization, IAntiforgery antiforgery, ILoggerFactory loggers)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return Html(Pages.BadRequest("The form expired; go back and try again."), StatusCodes.Status400BadRequest);
        }

        if (Products.Find(sku) is not { } product)
        {
            return Html(Pages.NotFound(sku), StatusCodes.Status404NotFound);
        }

        // The page rendered a fresh id into the form, so a resubmitted form (a double click, a browser retry) counts once.
        var eventId = context.Request.Form["eventId"].ToString();
        if (!Pages.IsFormEventId(eventId))
        {
            return Html(Pages.BadRequest("The form is incomplete; go back and try again."), StatusCodes.Status400BadRequest);
        }

        var visitor = Visitor.Of(context);
        var order = new CustomerEvent(eventType)
        {
            SessionId = visitor.SessionId,
            Value = product.Price,
            EventId = eventId,
            Properties = new Dictionary<string, object?> { ["sku"] = product.Sku, ["category"] = product.Category },
        };
        var personalized = await TrackAsync(personalization, visitor, order, loggers, context.RequestAborted);
        var outcome = personalized.Available ? eventType : "unrecorded";
        return Results.Redirect($"/products/{Uri.EscapeDataString(product.Sku)}?done={outcome}");
    }

    private static CustomerEvent PageView(Visitor visitor, string page) => new("page_view")
    {
        SessionId = visitor.SessionId,
        Properties = new Dictionary<string, object?> { ["page"] = page, ["device"] = Device(visitor) },
    };

    private static string Device(Visitor visitor) => visitor.OnMobile ? "mobile" : "desktop";

    /// <summary>Tracks the page view and reads the pending offers at the same time; a page without offers is still a page.</summary>
    private static async Task<Personalized> PersonalizeAsync(IPersonalization personalization, Visitor visitor, CustomerEvent view, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var offers = OffersAsync(personalization, visitor, loggers, cancellationToken);
        var tracked = await TrackAsync(personalization, visitor, view, loggers, cancellationToken);
        return tracked with { Offers = await offers };
    }

    private static async Task<IReadOnlyList<PendingOffer>> OffersAsync(IPersonalization personalization, Visitor visitor, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        try
        {
            return await personalization.GetOffersAsync(visitor.Id, cancellationToken);
        }
        catch (PersonalizationUnavailableException exception)
        {
            loggers.CreateLogger(typeof(Storefront)).LogWarning(exception, "Could not read the offers of {VisitorId}", visitor.Id);
            return [];
        }
    }

    /// <summary>A page still renders when the engine is down; it is just not personalized.</summary>
    private static async Task<Personalized> TrackAsync(IPersonalization personalization, Visitor visitor, CustomerEvent customerEvent, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        try
        {
            var result = await personalization.TrackAsync(visitor.Id, customerEvent, cancellationToken);
            return new Personalized(result.Segments, [], Available: true);
        }
        catch (PersonalizationUnavailableException exception)
        {
            loggers.CreateLogger(typeof(Storefront)).LogWarning(exception, "Could not track {EventType} of {VisitorId}", customerEvent.Type, visitor.Id);
            return Personalized.Unavailable;
        }
    }

    private static IResult Html(string html, int statusCode = StatusCodes.Status200OK) =>
        Results.Content(html, "text/html; charset=utf-8", statusCode: statusCode);
}
