using PhotonRanch.Functions.Database;
using PhotonRanch.Functions.LocalHost;

// `dotnet run -- migrate` applies the database migrations and exits (for deployments); `token` and `auth-settings`
// mint a local bearer token and print the settings that accept it (scripts/run.sh); anything else serves the API.
if (args.Length > 0 && LocalAuthCommand.Handles(args[0]))
{
    return LocalAuthCommand.Run(args, Console.Out, Console.Error);
}

if (args.Length > 0 && args[0] == "migrate")
{
    var migrationHost = LocalApi.Build(args[1..]);
    var applied = await migrationHost.Services.GetRequiredService<PostgresMigrator>().MigrateAsync(CancellationToken.None);
    Console.WriteLine(applied.Count == 0 ? "Database is up to date." : $"Applied: {string.Join(", ", applied)}");
    return 0;
}

await LocalApi.Build(args).RunAsync();
return 0;
