namespace Personalization.Persistence;

/// <summary>Names of the grain storage providers a host must register.</summary>
public static class StorageNames
{
    public const string Customers = "customers";
    public const string Catalog = "catalog";
    public const string Membership = "membership";
}
