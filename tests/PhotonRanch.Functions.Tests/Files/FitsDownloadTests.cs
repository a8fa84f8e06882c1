using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BitMiracle.LibTiff.Classic;
using ICSharpCode.SharpZipLib.BZip2;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PhotonRanch.Fits;
using PhotonRanch.Functions.Storage;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Files;

/// <summary>
/// POST /download converting a tile-compressed FITS made by the real fpack: to a plain FITS (compared with the real
/// funpack's output) and to a bzip2-compressed 16-bit TIFF (opened with LibTiff.NET).
/// </summary>
public sealed class FitsDownloadTests : IClassFixture<ApiFixture>, IDisposable
{
    private const int Width = 301;
    private const int Height = 203;
    private const string Frame = "sro-kb001ms-20220629-00000001-EX01";

    private readonly ApiFixture _api;
    private readonly FilesApi _files;
    private readonly string _work = Directory.CreateTempSubdirectory("photonranch-fits-download-").FullName;

    public FitsDownloadTests(ApiFixture api)
    {
        _api = api;
        _files = new FilesApi(api);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Fits_is_the_compressed_image_as_a_plain_fits_equal_to_funpacks_output()
    {
        var (compressed, _) = await CompressedFixtureAsync("plain-check");
        await _files.UploadAsync($"{Frame}.fits.fz", await File.ReadAllBytesAsync(compressed));
        var reference = Path.Combine(_work, "funpacked.fits");
        await CfitsioTools.RunAsync("funpack", "-O", reference, compressed);

        var (url, ours, _) = await _files.DownloadAsync(new { object_name = $"{Frame}.fits.fz", image_type = "fits" });

        Assert.EndsWith($"/downloads/fits/{Frame}.fits", url.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(0, ours.Length % 2880);
        var theirs = await File.ReadAllBytesAsync(reference);
        var (ourHeader, ourData) = await SplitAsync(ours);
        var (theirHeader, theirData) = await SplitAsync(theirs);
        Assert.Equal(theirData, ourData);
        foreach (var keyword in new[] { "BITPIX", "NAXIS", "NAXIS1", "NAXIS2", "FILTER", "EXPTIME" })
        {
            Assert.Equal(theirHeader.Find(keyword)?.Value, ourHeader.Find(keyword)?.Value);
        }
    }

    [Theory]
    [InlineData("00000002", "fits", "fits.fz", "fz", "downloads/fits/sro-kb001ms-20220629-00000002-EX01.fits")]
    [InlineData("00000007", "tif", "fits.bz2", "tiff", "downloads/tif/rp-arcsinh-sro-kb001ms-20220629-00000007-EX01.tif.bz2")]
    public async Task A_converted_file_newer_than_its_source_is_reused(
        string sequence, string firstType, string secondExtension, string secondType, string generatedBlob)
    {
        var source = $"sro-kb001ms-20220629-{sequence}-EX01.fits.fz";
        var (compressed, _) = await CompressedFixtureAsync("reuse-" + firstType);
        await _files.UploadAsync(source, await File.ReadAllBytesAsync(compressed));
        await PastTheSourcesSecondAsync();

        var (first, firstBytes, _) = await _files.DownloadAsync(new { object_name = source, image_type = firstType });
        var generated = Container().GetBlobClient(generatedBlob);
        var firstVersion = (await generated.GetPropertiesAsync()).Value;
        var (second, secondBytes, _) = await _files.DownloadAsync(new { object_name = $"sro-kb001ms-20220629-{sequence}-EX01.{secondExtension}", image_type = secondType });
        var secondVersion = (await generated.GetPropertiesAsync()).Value;

        Assert.Equal(first.AbsolutePath, second.AbsolutePath);
        Assert.Equal(firstVersion.ETag, secondVersion.ETag);
        Assert.Equal(firstVersion.LastModified, secondVersion.LastModified);
        Assert.Equal(firstBytes, secondBytes);
    }

    [Fact]
    public async Task After_the_source_is_uploaded_again_the_next_fits_and_tif_downloads_are_made_from_the_new_source()
    {
        const string Name = "sro-kb001ms-20220629-00000008-EX01.fits.fz";
        var (oldCompressed, _) = await CompressedFixtureAsync("regenerate-old", Pixels(21));
        var newPixels = Pixels(22);
        var (newCompressed, newPlain) = await CompressedFixtureAsync("regenerate-new", newPixels);
        await _files.UploadAsync(Name, await File.ReadAllBytesAsync(oldCompressed));
        var (_, oldFits, _) = await _files.DownloadAsync(new { object_name = Name, image_type = "fits" });
        var (_, oldTif, _) = await _files.DownloadAsync(new { object_name = Name, image_type = "tif" });
        var fitsBlob = Container().GetBlobClient("downloads/fits/sro-kb001ms-20220629-00000008-EX01.fits");
        var tifBlob = Container().GetBlobClient("downloads/tif/rp-arcsinh-sro-kb001ms-20220629-00000008-EX01.tif.bz2");
        var oldFitsVersion = (await fitsBlob.GetPropertiesAsync()).Value;
        var oldTifVersion = (await tifBlob.GetPropertiesAsync()).Value;

        await _files.UploadAsync(Name, await File.ReadAllBytesAsync(newCompressed));
        var (_, newFits, _) = await _files.DownloadAsync(new { object_name = Name, image_type = "fits" });
        var (_, newTif, _) = await _files.DownloadAsync(new { object_name = Name, image_type = "tif" });

        Assert.NotEqual(oldFitsVersion.ETag, (await fitsBlob.GetPropertiesAsync()).Value.ETag);
        Assert.NotEqual(oldTifVersion.ETag, (await tifBlob.GetPropertiesAsync()).Value.ETag);
        Assert.NotEqual((await SplitAsync(oldFits)).Data, (await SplitAsync(newFits)).Data);
        Assert.Equal((await SplitAsync(await File.ReadAllBytesAsync(newPlain))).Data, (await SplitAsync(newFits)).Data);
        var oldSamples = ReadTiff(oldTif).Samples<ushort>();
        var newSamples = ReadTiff(newTif).Samples<ushort>();
        Assert.NotEqual(oldSamples, newSamples);
        Assert.Equal(ushort.MaxValue, newSamples[Array.IndexOf(newPixels, newPixels.Max())]);
        Assert.Equal(0, newSamples[Array.IndexOf(newPixels, newPixels.Min())]);
    }

    [Fact]
    public async Task Generated_fits_and_tif_urls_read_one_blob_for_7_days_less_one_hour()
    {
        var (compressed, _) = await CompressedFixtureAsync("lifetime");
        await _files.UploadAsync("sro-kb001ms-20220629-00000009-EX01.fits.fz", await File.ReadAllBytesAsync(compressed));

        var before = DateTimeOffset.UtcNow;
        var (fits, _, _) = await _files.DownloadAsync(new { object_name = "sro-kb001ms-20220629-00000009-EX01.fits.fz", image_type = "fits" });
        var between = DateTimeOffset.UtcNow;
        var (tif, _, _) = await _files.DownloadAsync(new { object_name = "sro-kb001ms-20220629-00000009-EX01.fits.fz", image_type = "tif" });
        var after = DateTimeOffset.UtcNow;

        // The contract's 7 days, less the hour that lets one user-delegation key sign many URLs (docs/decisions.md).
        var lifetime = TimeSpan.FromDays(7) - TimeSpan.FromHours(1);
        Assert.EndsWith("/downloads/fits/sro-kb001ms-20220629-00000009-EX01.fits", fits.AbsolutePath, StringComparison.Ordinal);
        SasParameters.AssertBlobSas(fits, "r", lifetime, before, between);
        Assert.EndsWith("/downloads/tif/rp-arcsinh-sro-kb001ms-20220629-00000009-EX01.tif.bz2", tif.AbsolutePath, StringComparison.Ordinal);
        SasParameters.AssertBlobSas(tif, "r", lifetime, between, after);
    }

    [Fact]
    public async Task A_bzip2_wrapped_fits_converts_to_the_plain_fits_it_holds()
    {
        var plain = Path.Combine(_work, "wrapped.fits");
        await WriteImageAsync(plain, Pixels(7));
        using var wrapped = new MemoryStream();
        await using (var file = File.OpenRead(plain))
        await using (var bzip2 = new BZip2OutputStream(wrapped) { IsStreamOwner = false })
        {
            await file.CopyToAsync(bzip2);
        }

        await _files.UploadAsync("sro-kb001ms-20220629-00000003-EX01.fits.bz2", wrapped.ToArray());
        var (url, ours, _) = await _files.DownloadAsync(new { object_name = "sro-kb001ms-20220629-00000003-EX01.fits.bz2", image_type = "fits" });

        Assert.EndsWith("/downloads/fits/sro-kb001ms-20220629-00000003-EX01.fits", url.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal((await SplitAsync(await File.ReadAllBytesAsync(plain))).Data, (await SplitAsync(ours)).Data);
    }

    [Fact]
    public async Task Tif_arcsinh_is_a_16_bit_tiff_from_0_at_the_minimum_to_65535_at_the_maximum()
    {
        var pixels = Pixels(3);
        var (compressed, _) = await CompressedFixtureAsync("arcsinh", pixels);
        await _files.UploadAsync("sro-kb001ms-20220629-00000004-EX01.fits.fz", await File.ReadAllBytesAsync(compressed));

        var (url, bz2, _) = await _files.DownloadAsync(new { object_name = "sro-kb001ms-20220629-00000004-EX01.fits.bz2", image_type = "tif" });
        var tiff = ReadTiff(bz2);
        var samples = tiff.Samples<ushort>();

        Assert.EndsWith("/downloads/tif/rp-arcsinh-sro-kb001ms-20220629-00000004-EX01.tif.bz2", url.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal((Width, Height, 16, SampleFormat.UINT), (tiff.Width, tiff.Height, tiff.Bits, tiff.Format));
        Assert.Equal(0, samples.Min());
        Assert.Equal(ushort.MaxValue, samples.Max());
        Assert.Equal(0, samples[Array.IndexOf(pixels, pixels.Min())]);
        Assert.Equal(ushort.MaxValue, samples[Array.IndexOf(pixels, pixels.Max())]);
        var low = Math.Asinh(pixels.Min());
        var scale = ushort.MaxValue / (Math.Asinh(pixels.Max()) - low);
        for (var i = 0; i < pixels.Length; i += 997)
        {
            Assert.Equal((ushort)Math.Floor((Math.Asinh(pixels[i]) - low) * scale), samples[i]);
        }

        Assert.Contains("\"FILTER\":\"rp\"", tiff.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tif_linear_of_signed_16_bit_data_is_signed_16_bit_with_its_negatives()
    {
        var pixels = Pixels(11);
        var (compressed, _) = await CompressedFixtureAsync("linear", pixels);
        await _files.UploadAsync("sro-kb001ms-20220629-00000005-EX01.fits.fz", await File.ReadAllBytesAsync(compressed));

        var (url, bz2, _) = await _files.DownloadAsync(new { object_name = "sro-kb001ms-20220629-00000005-EX01.fits.fz", image_type = "tiff", stretch = "linear" });
        var tiff = ReadTiff(bz2);

        Assert.EndsWith("/downloads/tif/rp-linear-sro-kb001ms-20220629-00000005-EX01.tif.bz2", url.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal((Width, Height, 16, SampleFormat.INT), (tiff.Width, tiff.Height, tiff.Bits, tiff.Format));
        Assert.Contains(pixels, p => p < 0);
        Assert.Equal(pixels, tiff.Samples<short>());
        Assert.Contains("\"FILTER\":\"rp\"", tiff.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tif_linear_of_unsigned_16_bit_data_stored_with_bzero_32768_is_unsigned_16_bit()
    {
        var pixels = Enumerable.Range(0, Width * Height).Select(i => (ushort)((i * 7919L) % 65536)).ToArray();
        var plain = Path.Combine(_work, "unsigned.fits");
        await using (var file = File.Create(plain))
        {
            await FitsWriter.WriteImageAsync(file, pixels, [Width, Height], [FitsCard.Create("FILTER", "rp")], CancellationToken.None);
        }

        await CfitsioTools.RunAsync("fpack", "-r", plain);
        await _files.UploadAsync("sro-kb001ms-20220629-00000010-EX01.fits.fz", await File.ReadAllBytesAsync(plain + ".fz"));

        var (_, bz2, _) = await _files.DownloadAsync(new { object_name = "sro-kb001ms-20220629-00000010-EX01.fits.fz", image_type = "tif", stretch = "linear" });
        var tiff = ReadTiff(bz2);

        Assert.Equal((16, SampleFormat.UINT), (tiff.Bits, tiff.Format));
        Assert.Contains(pixels, p => p > short.MaxValue);
        Assert.Equal(pixels, tiff.Samples<ushort>());
    }

    [Fact]
    public async Task Tif_linear_of_32_bit_float_data_is_32_bit_float_with_fractions_negatives_and_nan()
    {
        var pixels = Enumerable.Range(0, Width * Height).Select(i => i == 5 ? float.NaN : (float)((i * 7919 % 60000) - 20000) / 7f).ToArray();
        var plain = Path.Combine(_work, "float.fits");
        await using (var file = File.Create(plain))
        {
            await FitsWriter.WriteImageAsync(file, pixels, [Width, Height], [FitsCard.Create("FILTER", "rp")], CancellationToken.None);
        }

        // GZIP without quantization: fpack's lossless mode for floats, so the stored values are these very floats.
        await CfitsioTools.RunAsync("fpack", "-g", "-q", "0", plain);
        await _files.UploadAsync("sro-kb001ms-20220629-00000011-EX01.fits.fz", await File.ReadAllBytesAsync(plain + ".fz"));

        var (_, bz2, _) = await _files.DownloadAsync(new { object_name = "sro-kb001ms-20220629-00000011-EX01.fits.fz", image_type = "tif", stretch = "linear" });
        var tiff = ReadTiff(bz2);

        Assert.Equal((32, SampleFormat.IEEEFP), (tiff.Bits, tiff.Format));
        Assert.Equal(pixels, tiff.Samples<float>());
    }

    // Plain FITS files of every BITPIX, with and without BZERO/BSCALE, against the types astropy gives their data.
    [Theory]
    [InlineData(12, "uint8", 8, SampleFormat.UINT)]
    [InlineData(13, "int32", 32, SampleFormat.INT)]
    [InlineData(14, "uint32", 32, SampleFormat.UINT)]
    [InlineData(15, "int64", 64, SampleFormat.INT)]
    [InlineData(16, "float64", 64, SampleFormat.IEEEFP)]
    [InlineData(17, "scaled int16", 32, SampleFormat.IEEEFP)]
    [InlineData(18, "scaled int32", 64, SampleFormat.IEEEFP)]
    public async Task Tif_linear_keeps_each_fits_types_values_in_the_type_astropy_gives_them(int sequence, string type, int bits, SampleFormat format)
    {
        var count = Width * Height;
        var scaling = new[] { FitsCard.Create("FILTER", "rp"), FitsCard.Create("BSCALE", 0.5), FitsCard.Create("BZERO", 100.0) };
        Func<Stream, Task> write;
        Func<TiffImage, Array> samples;
        Array expected;
        switch (type)
        {
            case "uint8":
                var bytes = Enumerable.Range(0, count).Select(i => (byte)(i * 31)).ToArray();
                (expected, samples) = (bytes, t => t.Samples<byte>());
                write = f => FitsWriter.WriteImageAsync(f, bytes, [Width, Height], [FitsCard.Create("FILTER", "rp")], CancellationToken.None);
                break;
            case "int32":
                var ints = Enumerable.Range(0, count).Select(i => (i * 1_000_003) - 60_000_000).ToArray();
                (expected, samples) = (ints, t => t.Samples<int>());
                write = f => FitsWriter.WriteImageAsync(f, ints, [Width, Height], [FitsCard.Create("FILTER", "rp")], CancellationToken.None);
                break;
            case "uint32":
                var uints = Enumerable.Range(0, count).Select(i => (uint)i * 70_001u).ToArray();
                (expected, samples) = (uints, t => t.Samples<uint>());
                write = f => FitsWriter.WriteImageAsync(f, uints, [Width, Height], [FitsCard.Create("FILTER", "rp")], CancellationToken.None);
                break;
            case "int64":
                var longs = Enumerable.Range(0, count).Select(i => (i * 100_000_000_007L) - 3_000_000_000_000_000L).ToArray();
                (expected, samples) = (longs, t => t.Samples<long>());
                write = f => FitsWriter.WriteImageAsync(f, longs, [Width, Height], [FitsCard.Create("FILTER", "rp")], CancellationToken.None);
                break;
            case "float64":
                var doubles = Enumerable.Range(0, count).Select(i => (i - 30000) / 3.0).ToArray();
                (expected, samples) = (doubles, t => t.Samples<double>());
                write = f => FitsWriter.WriteImageAsync(f, doubles, [Width, Height], [FitsCard.Create("FILTER", "rp")], CancellationToken.None);
                break;
            case "scaled int16":
                var shorts = Pixels(12);
                (expected, samples) = (shorts.Select(s => (float)((s * 0.5) + 100)).ToArray(), t => t.Samples<float>());
                write = f => FitsWriter.WriteImageAsync(f, shorts, [Width, Height], scaling, CancellationToken.None);
                break;
            default:
                var scaledInts = Enumerable.Range(0, count).Select(i => (i * 1_000_003) - 60_000_000).ToArray();
                (expected, samples) = (scaledInts.Select(s => (s * 0.5) + 100).ToArray(), t => t.Samples<double>());
                write = f => FitsWriter.WriteImageAsync(f, scaledInts, [Width, Height], scaling, CancellationToken.None);
                break;
        }

        using var fits = new MemoryStream();
        await write(fits);
        var name = $"sro-kb001ms-20220629-{sequence:D8}-EX01.fits";
        await _files.UploadAsync(name, fits.ToArray());

        var (url, bz2, _) = await _files.DownloadAsync(new { object_name = name, image_type = "tif", stretch = "linear" });
        var tiff = ReadTiff(bz2);

        Assert.EndsWith($"/downloads/tif/rp-linear-sro-kb001ms-20220629-{sequence:D8}-EX01.tif.bz2", url.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal((Width, Height, bits, format), (tiff.Width, tiff.Height, tiff.Bits, tiff.Format));
        Assert.Equal(expected.Cast<object>(), samples(tiff).Cast<object>());
    }

    [Fact]
    public async Task A_file_that_is_not_fits_is_a_422_naming_it()
    {
        await _files.UploadAsync("sro-kb001ms-20220629-00000006-EX01.fits.fz", "this is not a FITS file at all"u8.ToArray());

        using var response = await _files.PostAsync("/download", new { object_name = "sro-kb001ms-20220629-00000006-EX01.fits.fz", image_type = "fits" });

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.StartsWith("data/sro-kb001ms-20220629-00000006-EX01.fits.fz cannot be converted", (await FilesApi.Json(response)).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fits", "sro-kb001ms-20220629-00000016-EX10.fits.fz", "this is not a FITS file at all")]
    [InlineData("tif", "sro-kb001ms-20220629-00000017-EX10.fits.fz", "this is not a FITS file at all")]
    [InlineData("fits", "sro-kb001ms-20220629-00000018-EX10.fits.fz", "SIMPLE  =                    T / truncated right after this card")]
    public async Task A_failed_conversion_leaves_no_file_and_asking_again_fails_again(string imageType, string name, string content)
    {
        await _files.UploadAsync(name, Encoding.ASCII.GetBytes(content));

        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var response = await _files.PostAsync("/download", new { object_name = name, image_type = imageType });

            Assert.Equal((HttpStatusCode)422, response.StatusCode);
        }

        var generated = new List<string>();
        await foreach (var blob in Container().GetBlobsAsync(BlobTraits.None, BlobStates.None, "downloads/", CancellationToken.None))
        {
            generated.Add(blob.Name);
        }

        Assert.DoesNotContain(generated, blob => blob.Contains(name.Split('.')[0], StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_plain_fits_remembers_the_source_version_it_was_made_from()
    {
        var (compressed, _) = await CompressedFixtureAsync("sro-kb001ms-20220629-00000019-EX10.fits");
        await _files.UploadAsync("sro-kb001ms-20220629-00000019-EX10.fits.fz", await File.ReadAllBytesAsync(compressed));
        var source = await Container().GetBlobClient("data/sro-kb001ms-20220629-00000019-EX10.fits.fz").GetPropertiesAsync();

        using var response = await _files.PostAsync("/download", new { object_name = "sro-kb001ms-20220629-00000019-EX10.fits.fz", image_type = "fits" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var generated = await Container().GetBlobClient("downloads/fits/sro-kb001ms-20220629-00000019-EX10.fits").GetPropertiesAsync();
        Assert.Equal(source.Value.ETag.ToString(), generated.Value.Metadata["source_etag"]);
        Assert.Equal("application/fits", generated.Value.ContentType);
    }

    [Theory]
    [InlineData("fits", "arcsinh", "00000020", "downloads/fits/sro-kb001ms-20220629-00000020-EX01.fits")]
    [InlineData("tif", "arcsinh", "00000021", "downloads/tif/rp-arcsinh-sro-kb001ms-20220629-00000021-EX01.tif.bz2")]
    [InlineData("tif", "linear", "00000022", "downloads/tif/rp-linear-sro-kb001ms-20220629-00000022-EX01.tif.bz2")]
    public async Task Identical_concurrent_downloads_are_converted_once_and_all_get_the_complete_file(
        string imageType, string stretch, string sequence, string generatedBlob)
    {
        // Large enough (1,500² pixels) that the conversion is still running when the other requests arrive.
        const int Side = 1500;
        var source = $"sro-kb001ms-20220629-{sequence}-EX01.fits.fz";
        var plain = Path.Combine(_work, $"concurrent-{sequence}.fits");
        await using (var file = File.Create(plain))
        {
            var pixels = Enumerable.Range(0, Side * Side).Select(i => (short)((i * 7919) % 60000 - 20000)).ToArray();
            await FitsWriter.WriteImageAsync(file, pixels, [Side, Side], [FitsCard.Create("FILTER", "rp")], CancellationToken.None);
        }

        await CfitsioTools.RunAsync("fpack", "-r", plain);
        await _files.UploadAsync(source, await File.ReadAllBytesAsync(plain + ".fz"));

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => _files.DownloadAsync(new { object_name = source, image_type = imageType, stretch })));

        Assert.All(answers, answer => Assert.EndsWith("/" + generatedBlob, answer.Url.AbsolutePath, StringComparison.Ordinal));
        Assert.All(answers, answer => Assert.Equal(answers[0].Content, answer.Content));
        if (imageType == "fits")
        {
            Assert.Equal((await SplitAsync(await File.ReadAllBytesAsync(plain))).Data, (await SplitAsync(answers[0].Content)).Data);
        }
        else
        {
            var tiff = ReadTiff(answers[0].Content);
            Assert.Equal((Side, Side), (tiff.Width, tiff.Height));
        }

        Assert.Single(_api.Logs.Entries, entry => entry.Message.StartsWith($"Generated {generatedBlob} from", StringComparison.Ordinal));
    }

    private BlobContainerClient Container() =>
        _api.Services.GetRequiredService<BlobServiceClient>()
            .GetBlobContainerClient(_api.Services.GetRequiredService<IOptions<StorageOptions>>().Value.ContainerName);

    // Blob times have whole seconds: a file generated within its source's second is not newer than it, so it would
    // be generated again. Waiting out that second makes the first conversion newer, as it is in real use.
    private static Task PastTheSourcesSecondAsync() => Task.Delay(TimeSpan.FromMilliseconds(1100));

    // Signed 16-bit values with a spread, negatives included, so arcsinh, clamping and min/max all matter.
    private static short[] Pixels(int seed) =>
        Enumerable.Range(0, Width * Height).Select(i => (short)((i * 7919 + seed * 104729) % 60000 - 20000)).ToArray();

    private async Task<(string Compressed, string Plain)> CompressedFixtureAsync(string name, short[]? pixels = null)
    {
        var plain = Path.Combine(_work, name + ".fits");
        await WriteImageAsync(plain, pixels ?? Pixels(1));
        await CfitsioTools.RunAsync("fpack", "-r", plain);
        return (plain + ".fz", plain);
    }

    private static async Task WriteImageAsync(string path, short[] pixels)
    {
        await using var file = File.Create(path);
        await FitsWriter.WriteImageAsync(file, pixels, [Width, Height], [FitsCard.Create("FILTER", "rp"), FitsCard.Create("EXPTIME", 30.0)], CancellationToken.None);
    }

    private static async Task<(FitsHeader Header, byte[] Data)> SplitAsync(byte[] fits)
    {
        using var stream = new MemoryStream(fits);
        var header = await FitsHeader.ReadAsync(stream, CancellationToken.None);
        return (header, fits[(int)stream.Position..]);
    }

    private static TiffImage ReadTiff(byte[] bz2)
    {
        using var tiffBytes = new MemoryStream();
        using (var bzip2 = new BZip2InputStream(new MemoryStream(bz2)))
        {
            bzip2.CopyTo(tiffBytes);
        }

        tiffBytes.Position = 0;
        using var tiff = Tiff.ClientOpen("download", "r", tiffBytes, new TiffStream()) ?? throw new InvalidDataException("Not a TIFF.");
        var width = tiff.GetField(TiffTag.IMAGEWIDTH)[0].ToInt();
        var height = tiff.GetField(TiffTag.IMAGELENGTH)[0].ToInt();
        var bits = tiff.GetField(TiffTag.BITSPERSAMPLE)[0].ToInt();
        var format = (SampleFormat)(tiff.GetField(TiffTag.SAMPLEFORMAT)?[0].ToInt() ?? (int)SampleFormat.UINT);
        var description = tiff.GetField(TiffTag.IMAGEDESCRIPTION)?[0].ToString() ?? string.Empty;
        var rowBytes = tiff.ScanlineSize();
        Assert.Equal(width * bits / 8, rowBytes);
        var data = new byte[rowBytes * height];
        for (var y = 0; y < height; y++)
        {
            Assert.True(tiff.ReadScanline(data, y * rowBytes, y, 0));
        }

        return new TiffImage(width, height, bits, format, data, description);
    }

    // Rows as LibTiff.NET hands them over: samples in this machine's (little-endian) order.
    private sealed record TiffImage(int Width, int Height, int Bits, SampleFormat Format, byte[] Data, string Description)
    {
        public T[] Samples<T>()
            where T : struct => MemoryMarshal.Cast<byte, T>(Data).ToArray();
    }
}
