using Spectre.Console;

namespace Personalization.Cli;

// Not top-level statements: their class is the global Program, which tests that also reference the host would find twice.
internal static class EntryPoint
{
    public static Task<int> Main(string[] args) =>
        new CliApplication(
                AnsiConsole.Console,
                Console.Error,
                engine => new HttpClient { BaseAddress = engine, Timeout = TimeSpan.FromMinutes(2) },
                liveProgress: !Console.IsOutputRedirected)
            .RunAsync(args);
}
