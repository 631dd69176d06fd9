namespace Personalization.Console.Security;

/// <summary>Where the console's pages are.</summary>
public static class ConsolePaths
{
    public const string Root = "/console";
    public const string SignIn = Root + "/sign-in";
    public const string SignOut = Root + "/sign-out";
}
