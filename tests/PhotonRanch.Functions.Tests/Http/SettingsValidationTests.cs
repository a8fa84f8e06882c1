using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.LocalHost;

namespace PhotonRanch.Functions.Tests.Http;

/// <summary>A misconfigured app refuses to start and says which setting is wrong.</summary>
public sealed class SettingsValidationTests
{
    [Theory]
    [InlineData("Storage:ConnectionString", "", "Storage:ConnectionString")]
    [InlineData("Storage:ContainerName", "Not_A_Container", "Storage:ContainerName")]
    [InlineData("Storage:Tables:PipeQueue", "pipe-queue-table", "Storage:Tables:PipeQueue")]
    [InlineData("Postgres:ConnectionString", "", "ConnectionString")]
    [InlineData("Postgres:Schema", "drop table; --", "Postgres:Schema")]
    public async Task Start_up_fails_naming_the_invalid_setting(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Postgres:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=postgres;Database=photonranch",
            [key] = value,
        };
        await using var app = LocalApi.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(settings);
        });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }
}
