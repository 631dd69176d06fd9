namespace Personalization.Console.Security;

/// <summary>
/// Metadata on every endpoint the console maps. Those endpoints are authorized by the console's own scheme (the API key
/// held in a protected cookie, a browser is sent to the sign-in page) rather than answering 401 like the API.
/// </summary>
public sealed class ConsoleEndpoint
{
    public static readonly ConsoleEndpoint Marker = new();

    private ConsoleEndpoint()
    {
    }
}
