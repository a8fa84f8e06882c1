using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PhotonRanch.Functions.SiteConfigs;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.SiteEvents;

/// <summary>The site configurations the site-events tests store, and how they store them.</summary>
internal static class SiteEventsConfigs
{
    public static JsonObject SantaBarbara() => new()
    {
        ["site"] = "sba",
        ["latitude"] = 34.4208,
        ["longitude"] = -119.6982,
        ["elevation"] = 10,
        ["reference_ambient"] = new JsonArray(10),
        ["reference_pressure"] = new JsonArray(1010),
        ["TZ_database_name"] = "America/Los_Angeles",
    };

    public static Task SaveAsync(ApiFixture api, string site, JsonObject configuration) =>
        api.Services.GetRequiredService<SiteConfigStore>().SaveAsync(site, configuration, CancellationToken.None);
}
