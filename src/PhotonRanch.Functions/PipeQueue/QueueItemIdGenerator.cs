using System.Globalization;
using System.Security.Cryptography;

namespace PhotonRanch.Functions.PipeQueue;

/// <summary>
/// Queue item ids that sort in the order this instance accepted them: 19-digit UTC ticks (100 ns) that never repeat
/// or go backwards within the process — two enqueues in the same tick get consecutive ticks — then a random
/// tiebreaker that keeps ids from different app instances unique. Across instances the order is the order of their
/// clocks (NTP-synchronised), which is the acceptance order up to clock skew.
/// </summary>
internal sealed class QueueItemIdGenerator(TimeProvider clock)
{
    private long _lastTicks;

    public QueueItemId Next()
    {
        var now = clock.GetUtcNow().UtcTicks;
        long ticks;
        long last;
        do
        {
            last = Volatile.Read(ref _lastTicks);
            ticks = Math.Max(now, last + 1);
        }
        while (Interlocked.CompareExchange(ref _lastTicks, ticks, last) != last);

        var id = string.Create(CultureInfo.InvariantCulture, $"{ticks:D19}_{RandomNumberGenerator.GetHexString(8, lowercase: true)}");
        return new QueueItemId(id, new DateTimeOffset(ticks, TimeSpan.Zero));
    }
}

/// <param name="Value">E.g. <c>0638999999999999999_1a2b3c4d</c>.</param>
internal readonly record struct QueueItemId(string Value, DateTimeOffset AcceptedAt);
