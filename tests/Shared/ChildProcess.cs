using System.Diagnostics;

namespace Personalization.Testing;

/// <summary>What a command a test ran to its end wrote and how it exited.</summary>
internal sealed record CommandResult(int ExitCode, string Output, string Errors);

/// <summary>
/// A process a test started: a server it talks to (Redis, Azurite, an engine host) or a command it runs to its end.
/// A server's latest lines are kept for failure messages; disposing kills its whole tree, so nothing outlives the
/// test, whether it passed or failed.
/// </summary>
/// <remarks>Self-contained, like the other files of tests/Shared: every test project compiles it in.</remarks>
internal sealed class ChildProcess : IDisposable
{
    private const int OutputLinesKept = 300;

    private readonly Process process;
    private readonly Queue<string> output = new();

    private ChildProcess(Process process, string name)
    {
        this.process = process;
        Name = name;
    }

    public string Name { get; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>Starts a server; its output is read as it comes and its latest lines kept for <see cref="Output"/>.</summary>
    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var process = Launch(fileName, arguments, workingDirectory, standardInput: false);
        var child = new ChildProcess(process, name);
        process.OutputDataReceived += (_, line) => child.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => child.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs a command to its end, feeding it <paramref name="standardInput"/>; killed and reported when it outlives <paramref name="timeout"/>.</summary>
    public static async Task<CommandResult> RunAsync(
        string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, string? standardInput = null)
    {
        using var process = Launch(fileName, arguments, workingDirectory, standardInput is not null);
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
            var errors = process.StandardError.ReadToEndAsync(deadline.Token);
            if (standardInput is not null)
            {
                await process.StandardInput.WriteAsync(standardInput);
                process.StandardInput.Close();
            }

            await process.WaitForExitAsync(deadline.Token);
            return new CommandResult(process.ExitCode, await output, await errors);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout}.");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>SIGKILL: no shutdown hook runs, as when a machine or container dies.</summary>
    public void KillAbruptly()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
    }

    public string Output()
    {
        lock (output)
        {
            return $"--- last output of {Name} (pid {process.Id}) ---{Environment.NewLine}{string.Join(Environment.NewLine, output)}";
        }
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        finally
        {
            process.Dispose();
        }
    }

    private static Process Launch(string fileName, IEnumerable<string> arguments, string workingDirectory, bool standardInput)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = standardInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // A program of this repository would otherwise read the test runner's environment name and the settings meant for it.
        startInfo.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        startInfo.Environment.Remove("DOTNET_ENVIRONMENT");
        try
        {
            return Process.Start(startInfo) ?? throw new InvalidOperationException($"{fileName} did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException($"Could not run {fileName}: {exception.Message}", exception);
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Enqueue(line);
            if (output.Count > OutputLinesKept)
            {
                output.Dequeue();
            }
        }
    }
}
