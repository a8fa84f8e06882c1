using System.Collections.Concurrent;

namespace PhotonRanch.Functions.PipeQueue;

/// <summary>
/// This instance's view of the head of each queue, shared by its concurrent consumers so that they never race one
/// another: one read fetches the oldest visible items, and each consumer is handed different ones to claim. Claims stay
/// ETag-conditional, so consumers on other instances (who have their own heads) still never get an item twice; a
/// candidate they took first is simply skipped. Also the in-process signal that wakes long-polling dequeues.
/// </summary>
internal sealed class PipeQueueHeads(PipeQueueTable table, TimeProvider clock)
{
    /// <summary>How many of the oldest visible items one read fetches.</summary>
    public const int ReadSize = 32;

    /// <summary>
    /// How long waiting dequeues trust an empty read before one of them reads again (the only storage cost of a wait
    /// when nothing is enqueued through this instance), and how long fetched candidates are served before a fresh read.
    /// </summary>
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<string, Head> _heads = new(StringComparer.Ordinal);

    /// <summary>
    /// The queue's settings as read less than <see cref="RecheckInterval"/> ago on this instance, or null: dequeues in
    /// quick succession need not read the metadata row each time (an empty answer still checks the queue exists).
    /// </summary>
    public QueueSettings? RecentSettings(string queueName) =>
        Volatile.Read(ref HeadOf(queueName).Settings) is { } known && clock.GetUtcNow().UtcTicks - known.ReadAtTicks < RecheckInterval.Ticks
            ? known.Settings
            : null;

    public void SettingsRead(string queueName, QueueSettings settings) =>
        Volatile.Write(ref HeadOf(queueName).Settings, new KnownSettings(settings, clock.GetUtcNow().UtcTicks));

    /// <summary>Completes at the next enqueue through this instance (or when fetched items wait to be claimed).</summary>
    public Task NextSignal(string queueName) => HeadOf(queueName).Signal;

    /// <summary>
    /// Up to <paramref name="count"/> of the oldest visible items that no other consumer of this instance holds; the
    /// caller claims them and must hand them back with <see cref="Done"/>. With <paramref name="trustEmptyRead"/>
    /// (a waiting dequeue checking again), an empty read younger than <see cref="RecheckInterval"/> is not repeated.
    /// </summary>
    public async Task<IReadOnlyList<StoredQueueItem>> TakeCandidatesAsync(string queueName, int count, bool trustEmptyRead, CancellationToken cancellationToken)
    {
        var head = HeadOf(queueName);
        await head.Gate.WaitAsync(cancellationToken);
        try
        {
            var now = clock.GetUtcNow().UtcTicks;
            if (head.Fetched.Count == 0 || now - Interlocked.Read(ref head.FetchedAtTicks) > RecheckInterval.Ticks)
            {
                if (head.Fetched.Count == 0 && trustEmptyRead && now - Interlocked.Read(ref head.FoundEmptyAtTicks) < RecheckInterval.Ticks)
                {
                    return [];
                }

                await FetchAsync(queueName, head, now, cancellationToken);
            }

            var taken = new List<StoredQueueItem>(count);
            lock (head.Claiming)
            {
                while (taken.Count < count && head.Fetched.TryDequeue(out var candidate))
                {
                    head.Claiming.Add(candidate.Id);
                    taken.Add(candidate);
                }
            }

            if (head.Fetched.Count > 0)
            {
                head.Pulse();
            }

            return taken;
        }
        finally
        {
            head.Gate.Release();
        }
    }

    /// <summary>The candidates from <see cref="TakeCandidatesAsync"/> are claimed or lost; others may be read again.</summary>
    public void Done(string queueName, IEnumerable<StoredQueueItem> candidates)
    {
        var head = HeadOf(queueName);
        lock (head.Claiming)
        {
            foreach (var candidate in candidates)
            {
                head.Claiming.Remove(candidate.Id);
            }
        }
    }

    /// <summary>Waiting dequeues look again now.</summary>
    public void Enqueued(string queueName)
    {
        var head = HeadOf(queueName);
        Interlocked.Exchange(ref head.FoundEmptyAtTicks, 0);
        head.Pulse();
    }

    /// <summary>
    /// Items older than the fetched ones may be visible again (a release, a redrive, a deleted queue): the next
    /// dequeue reads afresh.
    /// </summary>
    public void Changed(string queueName)
    {
        var head = HeadOf(queueName);
        Interlocked.Exchange(ref head.FetchedAtTicks, 0);
        Volatile.Write(ref head.Settings, null);
        Enqueued(queueName);
    }

    private Head HeadOf(string queueName) => _heads.GetOrAdd(queueName, static _ => new Head());

    private async Task FetchAsync(string queueName, Head head, long now, CancellationToken cancellationToken)
    {
        int claiming;
        lock (head.Claiming)
        {
            claiming = head.Claiming.Count;
        }

        var fresh = new List<StoredQueueItem>();
        await foreach (var item in table.ReadItemsAsync(queueName, ReadSize + claiming, new DateTimeOffset(now, TimeSpan.Zero), cancellationToken))
        {
            fresh.Add(item);
        }

        lock (head.Claiming)
        {
            head.Fetched.Clear();
            foreach (var item in fresh.Where(item => !head.Claiming.Contains(item.Id)))
            {
                head.Fetched.Enqueue(item);
            }
        }

        Interlocked.Exchange(ref head.FetchedAtTicks, now);
        Interlocked.Exchange(ref head.FoundEmptyAtTicks, head.Fetched.Count == 0 ? now : 0);
    }

    private sealed record KnownSettings(QueueSettings Settings, long ReadAtTicks);

    private sealed class Head
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public readonly Queue<StoredQueueItem> Fetched = new();
        public readonly HashSet<string> Claiming = new(StringComparer.Ordinal);
        public long FetchedAtTicks;
        public long FoundEmptyAtTicks;
        public KnownSettings? Settings;
        private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Signal => Volatile.Read(ref _signal).Task;

        public void Pulse() =>
            Interlocked.Exchange(ref _signal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
