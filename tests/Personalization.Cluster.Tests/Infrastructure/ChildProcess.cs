using System.Diagnostics;

namespace Personalization.Cluster.Tests.Infrastructure;

/// <summary>
/// A process a test started, with the tail of its output kept for failure messages. Disposing kills its whole tree,
/// so nothing outlives the test, whether it passed or failed.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private const int OutputLinesKept = 200;

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

    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // The host would otherwise read the test runner's environment name and settings meant for it.
        startInfo.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        startInfo.Environment.Remove("DOTNET_ENVIRONMENT");
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var child = new ChildProcess(process, name);
        process.OutputDataReceived += (_, line) => child.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => child.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>SIGKILL on Unix: no shutdown hook runs, as when a machine or container dies.</summary>
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
