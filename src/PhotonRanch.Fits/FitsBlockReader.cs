using System.Text;

namespace PhotonRanch.Fits;

/// <summary>
/// Forward reader over a FITS byte stream with its own buffer, tracking the absolute position so that
/// header and data units can be located by the 2880-byte block rule (FITS Standard 4.0 §3.1, §3.3).
/// It never seeks unless asked to, so non-seekable network or decompression streams work.
/// </summary>
internal sealed class FitsBlockReader
{
    /// <summary>Size of a FITS logical record (FITS Standard 4.0 §3.1).</summary>
    public const int BlockSize = 2880;

    // Protects against reading an unbounded non-FITS stream as a header: 10 000 blocks is 360 000 cards.
    private const int MaxHeaderBlocks = 10_000;

    private readonly Stream _stream;
    private readonly byte[] _buffer;
    private readonly long _origin;
    private int _start;
    private int _end;

    public FitsBlockReader(Stream stream, int bufferSize = 64 * 1024)
    {
        _stream = stream;
        _buffer = new byte[bufferSize];
        _origin = stream.CanSeek ? stream.Position : 0;
    }

    /// <summary>Number of bytes consumed from the start of the FITS stream.</summary>
    public long Position { get; private set; }

    public bool CanSeek => _stream.CanSeek;

    /// <summary>Reads up to <paramref name="destination"/>.Length bytes; returns 0 only at end of stream.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (destination.Length == 0)
        {
            return 0;
        }

        if (_start == _end)
        {
            // Large reads bypass the buffer to avoid a copy.
            if (destination.Length >= _buffer.Length)
            {
                var direct = await ReadInnerAsync(destination, cancellationToken).ConfigureAwait(false);
                Position += direct;
                return direct;
            }

            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return 0;
            }
        }

        var count = Math.Min(destination.Length, _end - _start);
        _buffer.AsMemory(_start, count).CopyTo(destination);
        _start += count;
        Position += count;
        return count;
    }

    /// <summary>Reads exactly <paramref name="destination"/>.Length bytes or throws a <see cref="FitsFormatException"/> naming <paramref name="what"/>.</summary>
    public async ValueTask ReadExactlyAsync(Memory<byte> destination, string what, CancellationToken cancellationToken)
    {
        var done = 0;
        while (done < destination.Length)
        {
            var read = await ReadAsync(destination[done..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new FitsFormatException($"Unexpected end of file at byte {Position} while reading {what}: {destination.Length - done} more bytes were expected (truncated file?).");
            }

            done += read;
        }
    }

    /// <summary>Advances by <paramref name="count"/> bytes, seeking when the stream allows it.</summary>
    public async ValueTask SkipAsync(long count, string what, CancellationToken cancellationToken)
    {
        var buffered = Math.Min(count, _end - _start);
        _start += (int)buffered;
        Position += buffered;
        count -= buffered;
        if (count == 0)
        {
            return;
        }

        if (_stream.CanSeek)
        {
            if (_origin + Position + count > _stream.Length)
            {
                throw new FitsFormatException($"Unexpected end of file at byte {Position} while skipping {what}: {count} more bytes were expected (truncated file?).");
            }

            _stream.Position = _origin + Position + count;
            Position += count;
            return;
        }

        while (count > 0)
        {
            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new FitsFormatException($"Unexpected end of file at byte {Position} while skipping {what}: {count} more bytes were expected (truncated file?).");
            }

            var step = (int)Math.Min(count, _end - _start);
            _start += step;
            Position += step;
            count -= step;
        }
    }

    /// <summary>Moves to an absolute position: forward by skipping, backward only on a seekable stream.</summary>
    public async ValueTask MoveToAsync(long position, string what, CancellationToken cancellationToken)
    {
        if (position >= Position)
        {
            await SkipAsync(position - Position, what, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!_stream.CanSeek)
        {
            throw new InvalidOperationException($"Cannot move back to byte {position} on a non-seekable stream.");
        }

        _stream.Position = _origin + position;
        Position = position;
        _start = _end = 0;
    }

    /// <summary>True when no byte is left in the stream.</summary>
    public async ValueTask<bool> IsAtEndAsync(CancellationToken cancellationToken) =>
        _start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Reads header blocks up to the one holding END (FITS Standard 4.0 §4.4.1); returns <see langword="null"/> when the stream
    /// is already at its end. Never reads past the END block, so the caller continues at the data unit.
    /// </summary>
    public async Task<FitsHeader?> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        if (await IsAtEndAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var start = Position;
        var records = new List<string>();
        var block = new byte[BlockSize];
        for (var blocks = 0; ; blocks++)
        {
            if (blocks == MaxHeaderBlocks)
            {
                throw new FitsFormatException($"No END card within {MaxHeaderBlocks} header blocks starting at byte {start}; this is not a FITS header.");
            }

            await ReadExactlyAsync(block, $"a 2880-byte header block (header starting at byte {start})", cancellationToken).ConfigureAwait(false);
            if (blocks == 0 && !block.AsSpan().StartsWith("SIMPLE  ="u8) && !block.AsSpan().StartsWith("XTENSION="u8))
            {
                throw new FitsFormatException($"The header at byte {start} starts with \"{FitsCard.Printable(Encoding.Latin1.GetString(block, 0, FitsCard.RecordLength))}\"; a FITS header must start with SIMPLE or XTENSION (FITS Standard 4.0 §4.4.1).");
            }

            for (var r = 0; r < BlockSize / FitsCard.RecordLength; r++)
            {
                var record = Encoding.Latin1.GetString(block, r * FitsCard.RecordLength, FitsCard.RecordLength);
                records.Add(record);
                if (FitsHeader.IsEndRecord(record))
                {
                    return FitsHeader.FromRecords(records, requireEnd: true);
                }
            }
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        // Never read past the next multiple of the buffer size: with a one-block buffer (FitsHeader.ReadAsync)
        // a header read therefore stops exactly at the end of the END block and leaves the stream at the data unit.
        _start = 0;
        _end = 0;
        var want = _buffer.Length - (int)(Position % _buffer.Length);
        var read = await ReadInnerAsync(_buffer.AsMemory(0, want), cancellationToken).ConfigureAwait(false);
        _end = read;
        return read > 0;
    }

    private async ValueTask<int> ReadInnerAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        try
        {
            return await _stream.ReadAsync(destination, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ICSharpCode.SharpZipLib.SharpZipBaseException)
        {
            throw new FitsFormatException($"The compressed (bzip2/gzip) wrapping of the FITS file is corrupt near FITS byte {Position}: {e.Message}", e);
        }
    }
}
