namespace PhotonRanch.Fits.Tests;

public sealed class ChecksumTests
{
    [Fact]
    public void SumDoesNotDependOnChunking()
    {
        var data = new byte[2880 * 3];
        new Random(7).NextBytes(data);
        var whole = new FitsChecksum();
        whole.Add(data);
        var chunked = new FitsChecksum();
        for (int start = 0, size = 1; start < data.Length; start += size, size = (size * 7 % 13) + 1)
        {
            chunked.Add(data.AsSpan(start, Math.Min(size, data.Length - start)));
        }

        Assert.Equal(whole.Value, chunked.Value);
    }

    [Fact]
    public void EncodedChecksumMakesTheSumNegativeZero()
    {
        var header = new FitsHeader { FitsCard.Create("SIMPLE", true), FitsCard.Create("BITPIX", 8L), FitsCard.Create("NAXIS", 0L), FitsCard.Create("CHECKSUM", "0000000000000000") };
        var sum = new FitsChecksum();
        sum.Add(FitsWriter.EncodeHeader(header));
        header.Set("CHECKSUM", FitsChecksum.Encode(sum.Value));

        var verify = new FitsChecksum();
        verify.Add(FitsWriter.EncodeHeader(header));
        Assert.Equal(0xFFFFFFFFu, verify.Value);
        Assert.Matches("^[0-9A-Za-z]{16}$", header.GetString("CHECKSUM")!);
    }

    [Fact]
    public async Task NonSeekableOutputHasNoChecksums()
    {
        using var temp = new TempDirectory();
        var (compressed, expected) = await StreamingTests.PackAsync(temp, "int16-300x200", "-r");
        var output = new MemoryStream();
        await using (var input = File.OpenRead(compressed))
        {
            await FitsDecompressor.DecompressAsync(input, new WriteOnlyStream(output), default);
        }

        await File.WriteAllBytesAsync(temp.File("ours.fits"), output.ToArray());
        FitsAssert.SameData(expected, temp.File("ours.fits"));
        var header = await FitsHeader.ReadAsync(new MemoryStream(output.ToArray()), default);
        Assert.False(header.Contains("CHECKSUM"));
        Assert.False(header.Contains("DATASUM"));
    }

    private sealed class WriteOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
