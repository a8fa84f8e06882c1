using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PhotonRanch.Functions.Storage;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Storage;

/// <summary>SAS URLs work from outside the app, with a plain HttpClient, and allow only what they were issued for.</summary>
public sealed class BlobSasIssuerTests : IClassFixture<ApiFixture>
{
    private static readonly HttpClient Outside = new();
    private readonly BlobSasIssuer _issuer;

    public BlobSasIssuerTests(ApiFixture api)
    {
        _issuer = api.Services.GetRequiredService<BlobSasIssuer>();
    }

    [Fact]
    public async Task A_write_url_uploads_and_a_read_url_downloads_the_same_bytes()
    {
        var content = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7)).ToArray();
        var write = await _issuer.WriteUriAsync("test/sas-roundtrip.bin", TimeSpan.FromMinutes(5));
        var read = await _issuer.ReadUriAsync("test/sas-roundtrip.bin", TimeSpan.FromMinutes(5), "night-01.bin");

        using var put = new HttpRequestMessage(HttpMethod.Put, write) { Content = new ByteArrayContent(content) };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        using var uploaded = await Outside.SendAsync(put);
        using var downloaded = await Outside.GetAsync(read);

        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        Assert.Equal(HttpStatusCode.OK, downloaded.StatusCode);
        Assert.Equal(content, await downloaded.Content.ReadAsByteArrayAsync());
        Assert.Equal("night-01.bin", downloaded.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
    }

    [Fact]
    public async Task A_write_url_cannot_read_and_a_read_url_cannot_write()
    {
        var write = await _issuer.WriteUriAsync("test/sas-least-privilege.bin", TimeSpan.FromMinutes(5));
        using var put = new HttpRequestMessage(HttpMethod.Put, write) { Content = new ByteArrayContent([1, 2, 3]) };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        (await Outside.SendAsync(put)).Dispose();
        var read = await _issuer.ReadUriAsync("test/sas-least-privilege.bin", TimeSpan.FromMinutes(5));

        using var readWithWriteUrl = await Outside.GetAsync(write);
        using var overwrite = new HttpRequestMessage(HttpMethod.Put, read) { Content = new ByteArrayContent([9]) };
        overwrite.Headers.Add("x-ms-blob-type", "BlockBlob");
        using var writeWithReadUrl = await Outside.SendAsync(overwrite);

        Assert.Equal(HttpStatusCode.Forbidden, readWithWriteUrl.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, writeWithReadUrl.StatusCode);
    }

    [Fact]
    public async Task A_url_for_one_blob_does_not_open_another()
    {
        var read = await _issuer.ReadUriAsync("test/one.bin", TimeSpan.FromMinutes(5));
        var other = new UriBuilder(read) { Path = read.AbsolutePath.Replace("one.bin", "other.bin", StringComparison.Ordinal) }.Uri;

        using var response = await Outside.GetAsync(other);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(8 * 24 * 60)]
    public async Task Lifetimes_outside_the_allowed_range_are_refused(int minutes)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _issuer.ReadUriAsync("test/x", TimeSpan.FromMinutes(minutes)));
    }
}
