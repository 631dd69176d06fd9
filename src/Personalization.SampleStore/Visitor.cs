namespace Personalization.SampleStore;

/// <summary>
/// Who is browsing: a long-lived cookie names the visitor (the engine's customer id), a browser-session cookie names
/// the visit (the engine's session id, which rules such as <c>count(page_view, session)</c> read).
/// </summary>
public sealed record Visitor(string Id, string SessionId, bool OnMobile)
{
    public const string IdCookie = "visitor";
    public const string SessionCookie = "visit";

    public static Visitor Of(HttpContext context)
    {
        var id = Cookie(context, IdCookie, "v-", new CookieOptions { MaxAge = TimeSpan.FromDays(365) });
        var session = Cookie(context, SessionCookie, "s-", new CookieOptions());
        var userAgent = context.Request.Headers.UserAgent.ToString();
        return new Visitor(id, session, userAgent.Contains("Mobi", StringComparison.Ordinal));
    }

    /// <summary>Keeps a well-formed cookie, replaces anything else: its value goes to the engine as an id.</summary>
    private static string Cookie(HttpContext context, string name, string prefix, CookieOptions options)
    {
        if (context.Request.Cookies[name] is { } value && IsWellFormed(value, prefix))
        {
            return value;
        }

        value = prefix + Guid.NewGuid().ToString("N");
        options.HttpOnly = true;
        options.SameSite = SameSiteMode.Lax;
        options.IsEssential = true;
        context.Response.Cookies.Append(name, value, options);
        return value;
    }

    private static bool IsWellFormed(string value, string prefix) =>
        value.StartsWith(prefix, StringComparison.Ordinal) && Guid.TryParseExact(value.AsSpan(prefix.Length), "N", out _);
}
