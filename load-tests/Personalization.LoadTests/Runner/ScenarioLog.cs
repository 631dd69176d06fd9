namespace Personalization.LoadTests.Runner;

/// <summary>
/// Log for scenario code. It keeps at most a fixed number of lines per scenario and counts the rest,
/// because a failing target under load would otherwise write a line per call and the writing itself
/// would become the bottleneck being measured.
/// </summary>
public sealed class ScenarioLog
{
    private readonly string _scenarioName;
    private readonly TextWriter _writer;
    private readonly object _writerLock;
    private readonly int _maxLines;
    private int _written;
    private long _suppressed;

    internal ScenarioLog(string scenarioName, TextWriter writer, object writerLock, int maxLines)
    {
        _scenarioName = scenarioName;
        _writer = writer;
        _writerLock = writerLock;
        _maxLines = maxLines;
    }

    /// <summary>Lines that were not written because the per-scenario limit was reached.</summary>
    public long Suppressed => Interlocked.Read(ref _suppressed);

    public void Info(string message) => Write("info", message);

    public void Warn(string message) => Write("warn", message);

    public void Error(string message) => Write("error", message);

    public void Error(Exception exception, string message) => Write("error", $"{message}: {exception.GetType().Name}: {exception.Message}");

    /// <summary>Runner milestones; not counted against the line limit, so a long run always shows where it is.</summary>
    internal void Progress(string message) => WriteLine("run", message);

    internal void WriteSuppressedSummary()
    {
        var suppressed = Suppressed;
        if (suppressed > 0)
        {
            WriteLine("info", $"{suppressed} more log lines were suppressed");
        }
    }

    private void Write(string level, string message)
    {
        if (Interlocked.Increment(ref _written) > _maxLines)
        {
            Interlocked.Increment(ref _suppressed);
            return;
        }

        WriteLine(level, message);
    }

    private void WriteLine(string level, string message)
    {
        lock (_writerLock)
        {
            _writer.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} [{_scenarioName}] {level}: {message}");
        }
    }
}
