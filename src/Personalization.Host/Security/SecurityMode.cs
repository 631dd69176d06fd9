using System.Net;

namespace Personalization.Host.Security;

/// <summary>
/// Whether requests need API keys (protected) or not (open). Open only on loopback: like Redis' protected mode, a host
/// reachable from other machines requires keys unless <c>Security:RequireApiKeys=false</c> says otherwise on purpose.
/// </summary>
public sealed class SecurityMode
{
    private SecurityMode(bool isProtected, string reason)
    {
        IsProtected = isProtected;
        Reason = reason;
    }

    public bool IsProtected { get; }

    /// <summary>Why, for the start-up log line.</summary>
    public string Reason { get; }

    public static SecurityMode From(IConfiguration configuration)
    {
        if (configuration.GetValue<bool?>("Security:RequireApiKeys") is { } required)
        {
            return new SecurityMode(required, $"Security:RequireApiKeys is {required.ToString().ToLowerInvariant()}");
        }

        var reachable = ListeningAddresses(configuration).Where(address => !IsLoopback(address)).ToList();
        return reachable.Count > 0
            ? new SecurityMode(true, $"it listens beyond loopback ({string.Join(", ", reachable)})")
            : new SecurityMode(false, "it listens on loopback only");
    }

    /// <summary>Every address the configuration asks Kestrel to listen on (Urls, HTTP(S)_PORTS, Kestrel endpoints).</summary>
    private static IEnumerable<string> ListeningAddresses(IConfiguration configuration)
    {
        foreach (var key in new[] { "urls", "http_ports", "https_ports" })
        {
            foreach (var value in (configuration[key] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                // Ports alone (HTTP_PORTS) mean every interface.
                yield return key == "urls" ? value : $"http://*:{value}";
            }
        }

        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { } url)
            {
                yield return url;
            }
        }
    }

    internal static bool IsLoopback(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var rest = schemeEnd < 0 ? url : url[(schemeEnd + 3)..];
        var host = rest.StartsWith('[') ? rest[1..Math.Max(1, rest.IndexOf(']'))] : rest.Split(':', '/')[0];
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }
}
