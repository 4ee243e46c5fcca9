using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Marketplace.Api.Tests.Infrastructure;

public sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception);

/// <summary>Every log line the API writes, to show what a hostile request costs in log.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> entries = new();
    private readonly List<(Func<LogEntry, bool> Match, TaskCompletionSource<LogEntry> Seen)> waiters = [];

    public IReadOnlyList<LogEntry> Entries => [.. entries];

    public void Clear() => entries.Clear();

    /// <summary>Completes when a matching line is written (or was already).</summary>
    public Task<LogEntry> WaitForAsync(Func<LogEntry, bool> match)
    {
        lock (waiters)
        {
            if (entries.FirstOrDefault(match) is { } seen) return Task.FromResult(seen);
            var waiter = new TaskCompletionSource<LogEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((match, waiter));
            return waiter.Task;
        }
    }

    private void Add(LogEntry entry)
    {
        lock (waiters)
        {
            entries.Enqueue(entry);
            foreach (var waiter in waiters.Where(w => w.Match(entry)).ToList())
            {
                waiter.Seen.TrySetResult(entry);
                waiters.Remove(waiter);
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) logs.Add(new LogEntry(category, logLevel, formatter(state, exception), exception));
        }
    }
}
