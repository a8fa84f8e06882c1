using System.Collections.Concurrent;

namespace PhotonRanch.Functions.Files;

/// <summary>
/// Builds under way in this process, by key: a request for a key already being built waits for that build instead of
/// starting its own, so identical concurrent requests cost one build per instance. The build runs to its end even when
/// the caller that started it gives up (another may be waiting for it); each caller's token only ends its own wait.
/// A finished build is forgotten: reusing its result later is the builder's business (it checks storage).
/// </summary>
internal sealed class SingleFlight<TResult>
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TResult>>> _running = new(StringComparer.Ordinal);

    /// <summary>The result of the build of <paramref name="key"/>: the one running, or <paramref name="build"/> started now.</summary>
    /// <param name="build">Builds the result; called at most once per key at a time, with no caller's token.</param>
    /// <param name="cancellationToken">Ends this caller's wait, not the build.</param>
    public Task<TResult> RunAsync(string key, Func<Task<TResult>> build, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(build);
        var running = _running.GetOrAdd(key, k => new Lazy<Task<TResult>>(() => RunAndForgetAsync(k, build)));
        return running.Value.WaitAsync(cancellationToken);
    }

    private async Task<TResult> RunAndForgetAsync(string key, Func<Task<TResult>> build)
    {
        try
        {
            return await build();
        }
        finally
        {
            _running.TryRemove(key, out _);
        }
    }
}
