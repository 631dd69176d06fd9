namespace Personalization.Campaigns.Webhooks;

/// <summary>The "Campaigns:Webhooks" section: which hosts a webhook may reach that the engine would otherwise refuse.</summary>
public sealed class WebhookTargetOptions
{
    /// <summary>
    /// Host names or addresses a webhook may target even when they resolve to loopback, link-local, private or multicast
    /// addresses, and over plain http: a receiver inside the operator's own network, listed on purpose.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];
}
