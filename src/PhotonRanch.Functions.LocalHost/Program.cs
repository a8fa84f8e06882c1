using PhotonRanch.Functions.Database;
using PhotonRanch.Functions.LocalHost;

// `dotnet run -- migrate` applies the database migrations and exits (for deployments); anything else serves the API.
if (args.Length > 0 && args[0] == "migrate")
{
    var migrationHost = LocalApi.Build(args[1..]);
    var applied = await migrationHost.Services.GetRequiredService<PostgresMigrator>().MigrateAsync(CancellationToken.None);
    Console.WriteLine(applied.Count == 0 ? "Database is up to date." : $"Applied: {string.Join(", ", applied)}");
    return;
}

await LocalApi.Build(args).RunAsync();
