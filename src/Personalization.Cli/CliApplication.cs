using System.CommandLine;
using System.Net.Http.Headers;
using Personalization.Cli.Import;
using Personalization.Cli.Keys;
using Personalization.Cli.Segments;
using Personalization.Cli.Storage;
using Spectre.Console;

namespace Personalization.Cli;

/// <summary>
/// The <c>personalization</c> command line. Its console, error writer and HTTP clients are given to it, so the
/// whole command, from arguments to exit code, can run inside a test against an engine in memory.
/// </summary>
/// <param name="connect">Makes a client whose base address is the given engine address.</param>
/// <param name="liveProgress">Draw a live progress bar (a terminal) rather than periodic lines (a log or a pipe).</param>
public sealed class CliApplication(IAnsiConsole console, TextWriter errors, Func<Uri, HttpClient> connect, bool liveProgress)
{
    public RootCommand BuildCommand() => new("A command-line client of a running Personalization engine, over its HTTP API v1.")
    {
        new ImportCommand(console, errors, connect, liveProgress),
        new SegmentsCommand(console, errors, connect),
        new KeysCommand(console, errors, connect),
        new StorageCommand(console, errors),
    };

    /// <summary>The environment variable the API key is read from when --api-key is not given.</summary>
    public const string ApiKeyVariable = "PERSONALIZATION_API_KEY";

    /// <summary>The key every command that talks to an engine sends; an open (loopback) engine needs none.</summary>
    internal static Option<string?> ApiKeyOption() => new("--api-key")
    {
        Description = $"The API key to send (default: the {ApiKeyVariable} environment variable); a loopback engine needs none",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(ApiKeyVariable),
    };

    /// <summary>A client of the engine at the --url address that sends the --api-key key, if any.</summary>
    internal static HttpClient Connect(Func<Uri, HttpClient> connect, ParseResult parsed, Option<Uri> url, Option<string?> apiKey)
    {
        var http = connect(parsed.GetRequiredValue(url));
        if (parsed.GetValue(apiKey) is { Length: > 0 } key)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return http;
    }

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default) =>
        BuildCommand().Parse(args).InvokeAsync(new InvocationConfiguration { Output = console.Profile.Out.Writer, Error = errors }, cancellationToken);

    /// <summary>The option every command that talks to an engine has.</summary>
    internal static Option<Uri> EngineUrlOption() => new("--url")
    {
        Description = "The engine's HTTP address",
        DefaultValueFactory = _ => new Uri("http://127.0.0.1:5080"),
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
            {
                // A trailing slash keeps a path prefix such as http://proxy/engine when relative API paths are added.
                return new Uri(url.AbsoluteUri.TrimEnd('/') + "/");
            }

            result.AddError($"'{text}' is not an http:// or https:// address");
            return null;
        },
    };
}
