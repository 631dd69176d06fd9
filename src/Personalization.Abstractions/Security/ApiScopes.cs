using System.Collections.Immutable;

namespace Personalization.Security;

/// <summary>What an API key may do; each scope is also the name of the authorization policy that requires it.</summary>
public static class ApiScopes
{
    public const string EventsWrite = "events:write";
    public const string SegmentsRead = "segments:read";
    public const string CustomersRead = "customers:read";
    public const string CustomersWrite = "customers:write";
    public const string CustomersErase = "customers:erase";
    public const string CatalogRead = "catalog:read";
    public const string CatalogWrite = "catalog:write";
    public const string KeysAdmin = "keys:admin";

    public static readonly ImmutableArray<string> All =
        [EventsWrite, SegmentsRead, CustomersRead, CustomersWrite, CustomersErase, CatalogRead, CatalogWrite, KeysAdmin];

    /// <summary>The only scopes a public (browser) key may carry: its secret is on every page of the shop.</summary>
    public static readonly ImmutableArray<string> Browser = [EventsWrite, SegmentsRead];
}
