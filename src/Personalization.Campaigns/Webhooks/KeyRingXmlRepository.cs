using System.Collections.ObjectModel;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Personalization.Security;

namespace Personalization.Campaigns.Webhooks;

/// <summary>
/// Data Protection's key ring in <see cref="IDataProtectionKeyRingGrain"/>, so every silo shares it. Data Protection's
/// repository interface is synchronous; it calls it only when it loads or refreshes the ring or adds a key (not per
/// protect or unprotect), and never from a grain.
/// </summary>
public sealed class KeyRingXmlRepository(IGrainFactory grains) : IXmlRepository
{
    private IDataProtectionKeyRingGrain KeyRing => grains.GetGrain<IDataProtectionKeyRingGrain>(0);

    public IReadOnlyCollection<XElement> GetAllElements() =>
        new ReadOnlyCollection<XElement>([.. KeyRing.GetElementsAsync().GetAwaiter().GetResult().Select(xml => XElement.Parse(xml))]);

    public void StoreElement(XElement element, string friendlyName) =>
        KeyRing.StoreElementAsync(string.IsNullOrEmpty(friendlyName) ? Guid.NewGuid().ToString("N") : friendlyName, element.ToString(SaveOptions.DisableFormatting))
            .GetAwaiter().GetResult();
}
