using System.Text;
using PhotonRanch.Fits;
using PhotonRanch.Functions.Tests.Infrastructure;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PhotonRanch.Functions.Tests.Ingestion;

/// <summary>The files a site uploads for one exposure: the text header, a large and a small .fits.fz, the medium JPG.</summary>
internal sealed record Exposure(string Site, string BaseFilename, DateTime DateObs)
{
    public static FitsHeader Header(DateTime dateObs, bool withCoordinates = true)
    {
        var header = new FitsHeader();
        if (withCoordinates)
        {
            header.Set("CRVAL1", 150.25);
            header.Set("CRVAL2", -20.5);
        }

        header.Set("ALTITUDE", 45.5);
        header.Set("AZIMUTH", 180.0);
        header.Set("FILTER", "PL");
        header.Set("AIRMASS", 1.4);
        header.Set("EXPTIME", 30.0);
        header.Set("USERID", "user-1");
        header.Set("USERNAME", "Wendy");
        header.Set("DATE-OBS", dateObs.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture));
        return header;
    }

    public static byte[] Jpg(int width = 300, int height = 200)
    {
        using var image = new Image<Rgb24>(width, height, new Rgb24(40, 80, 120));
        using var encoded = new MemoryStream();
        image.SaveAsJpeg(encoded);
        return encoded.ToArray();
    }

    public async Task<List<(string Name, byte[] Content)>> FilesAsync() =>
    [
        ($"{BaseFilename}-EX00.txt", Encoding.ASCII.GetBytes(string.Join("\n", Header(DateObs).ToRecords().Chunk(80).Select(card => new string(card))))),
        ($"{BaseFilename}-EX01.fits.fz", await FpackedFitsAsync()),
        ($"{BaseFilename}-EX10.fits.fz", await FpackedFitsAsync()),
        ($"{BaseFilename}-EX10.jpg", Jpg()),
    ];

    private async Task<byte[]> FpackedFitsAsync()
    {
        var folder = Directory.CreateTempSubdirectory("ingestion-");
        try
        {
            var path = Path.Combine(folder.FullName, "frame.fits");
            var pixels = Enumerable.Range(0, 64 * 48).Select(i => (short)(i % 1000)).ToArray();
            await using (var file = File.Create(path))
            {
                await FitsWriter.WriteImageAsync(file, pixels, [64, 48], Header(DateObs), CancellationToken.None);
            }

            await CfitsioTools.RunAsync("fpack", path);
            return await File.ReadAllBytesAsync(path + ".fz");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
