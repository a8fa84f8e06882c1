using System.Net;
using System.Text.Json;
using PhotonRanch.Functions.Images;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Images;

/// <summary>
/// The cap of <c>/filtered_images</c> over HTTP: 1,000 rows by default, up to the largest <c>limit</c> when asked. The
/// class has its own fixture (so its own schema): the count of rows an unfiltered query sees is exactly what it seeds.
/// </summary>
public sealed class FilteredImagesCapTests : IClassFixture<ApiFixture>
{
    private const int Seeded = ImageFilter.DefaultLimit + 1;
    private static readonly DateTime Newest = new(2022, 6, 29, 12, 0, 0, DateTimeKind.Unspecified);

    private readonly ApiFixture _api;

    public FilteredImagesCapTests(ApiFixture api)
    {
        _api = api;
    }

    [Fact]
    public async Task Without_a_limit_1000_of_1001_images_come_newest_first_and_the_largest_limit_brings_them_all()
    {
        // Row i is i minutes older than the newest; inserted oldest first, so insertion order is not answer order.
        var images = Enumerable.Range(0, Seeded).Reverse()
            .Select(i => new SeedImage($"cpx-kb001ms-20220629-{i:D8}", "cpx") { CaptureDate = Newest.AddMinutes(-i), SortDate = Newest.AddMinutes(-i) })
            .ToArray();
        await ImageSeeding.InsertAsync(_api.Services, images);
        var newestFirst = Enumerable.Range(0, Seeded).Select(i => (string?)$"cpx-kb001ms-20220629-{i:D8}").ToList();

        var (status, capped) = await GetAsync("/filtered_images");
        var (allStatus, all) = await GetAsync($"/filtered_images?limit={ImageFilter.MaxLimit}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1000, capped.GetArrayLength());
        Assert.Equal(newestFirst.Take(1000), Names(capped));
        Assert.Equal(HttpStatusCode.OK, allStatus);
        Assert.Equal(5000, ImageFilter.MaxLimit);
        Assert.Equal(newestFirst, Names(all));
        Assert.All(all.EnumerateArray(), p => Assert.Contains("-EX10.jpg?", p.GetProperty("jpg_url").GetString(), StringComparison.Ordinal));
    }

    private static List<string?> Names(JsonElement packages) =>
        packages.EnumerateArray().Select(p => p.GetProperty("base_filename").GetString()).ToList();

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path)
    {
        using var response = await _api.Client.GetAsync(path);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.Clone());
    }
}
