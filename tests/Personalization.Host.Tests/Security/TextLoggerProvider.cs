using Microsoft.Extensions.Logging;

namespace Personalization.Host.Tests.Security;

/// <summary>Writes every log message to a text writer, for tests that read what the host said.</summary>
internal sealed class TextLoggerProvider(TextWriter writer) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new TextLogger(writer);

    public void Dispose()
    {
    }

    private sealed class TextLogger(TextWriter writer) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (writer)
            {
                writer.WriteLine(formatter(state, exception));
            }
        }
    }
}
