using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Npgsql;
using PhotonRanch.Functions.Images;

namespace PhotonRanch.Images.Benchmarks;

/// <summary>
/// Prints the executed plans of the repository's own statements: a separate data source whose sessions preload
/// auto_explain and send each plan back as a NOTICE (which Npgsql logs), so the plans are those of the exact SQL and
/// parameters the API runs, not of a hand-copied query.
/// </summary>
internal static class QueryPlans
{
    private const string AutoExplain =
        "-c session_preload_libraries=auto_explain -c auto_explain.log_min_duration=0 -c auto_explain.log_analyze=on " +
        "-c auto_explain.log_buffers=on -c auto_explain.log_level=notice";

    public static async Task PrintAsync(string connectionString, string schema, IEnumerable<(string Name, Func<ImageStore, Task> Run)> queries)
    {
        var notices = new NoticeCollector();
        var builder = new NpgsqlDataSourceBuilder(
            new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema, Options = AutoExplain }.ConnectionString);
        using var loggerFactory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(notices));
        builder.UseLoggerFactory(loggerFactory);
        await using var dataSource = builder.Build();
        var repository = new ImageStore(dataSource);

        foreach (var (name, run) in queries)
        {
            notices.Plans.Clear();
            await run(repository);
            Console.WriteLine();
            Console.WriteLine($"--- {name}");
            foreach (var plan in notices.Plans)
            {
                Console.WriteLine(plan);
            }
        }
    }

    private sealed class NoticeCollector : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Plans { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (state is IEnumerable<KeyValuePair<string, object?>> values
                && values.FirstOrDefault(pair => pair.Key == "NoticeText").Value is string notice
                && notice.Contains("plan:", StringComparison.Ordinal)
                && notice.Contains("FROM images", StringComparison.Ordinal))
            {
                Plans.Enqueue(notice);
            }
        }

        public void Dispose()
        {
        }
    }
}
