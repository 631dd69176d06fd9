using Spectre.Console;

namespace Personalization.Cli.Tests;

/// <summary>Runs the <c>personalization</c> command in-process against the engine's test server and keeps what it wrote.</summary>
internal sealed class CommandSession(EngineFactory engine)
{
    private readonly StringWriter output = new();
    private readonly StringWriter errors = new();

    public string Output => output.ToString();

    public string Errors => errors.ToString();

    public async Task<int> RunAsync(bool liveProgress, params string[] args)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 240;
        var handler = engine.Server.CreateHandler();
        var application = new CliApplication(console, errors, url => new HttpClient(handler, disposeHandler: false) { BaseAddress = url }, liveProgress);
        return await application.RunAsync(args);
    }
}
