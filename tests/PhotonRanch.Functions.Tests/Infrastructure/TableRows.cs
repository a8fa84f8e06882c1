using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.Storage;

namespace PhotonRanch.Functions.Tests.Infrastructure;

/// <summary>Reads a fixture's tables directly, to prove what a request wrote — or that it wrote nothing.</summary>
internal static class TableRows
{
    public static async Task<List<TableEntity>> RowsAsync(this ApiFixture api, Func<StorageTableNames, string> table)
    {
        var names = api.Services.GetRequiredService<IOptions<StorageOptions>>().Value.Tables;
        var client = api.Services.GetRequiredService<TableServiceClient>().GetTableClient(table(names));
        var rows = new List<TableEntity>();
        await foreach (var row in client.QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }
}
